package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code horizon backend}'s refusals of bad costs, before it listens. */
class BackendCommandTest {

    /** The exit code and the error output of {@code horizon ARGS}. */
    private static String[] horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void refusesACpuCostThatIsNotADurationOfZeroOrMore() {
        assertThat(horizon("backend", "--port", "0", "--cpu-cost", "-1ms")).containsExactly("2",
            "horizon: Invalid value for option '--cpu-cost': '-1ms' (expected: a duration like 250ms, 2s, 5m, 1h) "
                + "(see horizon --help)\n");
        assertThat(horizon("backend", "--port", "0", "--cpu-cost", "2")).containsExactly("2",
            "horizon: Invalid value for option '--cpu-cost': '2' (expected: a duration like 250ms, 2s, 5m, 1h) "
                + "(see horizon --help)\n");
    }

    @Test
    void helpDescribesTheCpuCost() {
        StringWriter out = new StringWriter();
        Horizon.run(new String[] {"backend", "--help"}, new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));

        assertThat(out.toString()).contains("--cpu-cost=<cpuCost>").contains("CPU time each request spends computing");
    }
}
