package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code horizon backend}'s refusals of bad values, before it listens, and its help. */
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
    void refusesAnErrorRateOutsideZeroToOne() {
        for (String bad : new String[] {"1.5", "-0.1", "NaN", "20%"}) {
            assertThat(horizon("backend", "--port", "0", "--error-rate", bad)).as(bad).containsExactly("2",
                "horizon: Invalid value for option '--error-rate': '" + bad + "' (expected: a share from 0 to 1, "
                    + "like 0.2) (see horizon --help)\n");
        }
    }

    @Test
    void refusesANegativeDelayAVersionWithSpacesAndANegativeConcurrency() {
        assertThat(horizon("backend", "--port", "0", "--delay", "-150ms")).containsExactly("2",
            "horizon: Invalid value for option '--delay': '-150ms' (expected: a duration like 250ms, 2s, 5m, 1h) "
                + "(see horizon --help)\n");
        assertThat(horizon("backend", "--port", "0", "--version", "v 2")).containsExactly("2",
            "horizon: --version: 'v 2' (expected: letters, digits and punctuation, no spaces) (see horizon --help)\n");
        assertThat(horizon("backend", "--port", "0", "--concurrency", "-1")).containsExactly("2",
            "horizon: --concurrency: -1 (expected: 0 for no limit, or more) (see horizon --help)\n");
    }

    @Test
    void helpDescribesTheReleaseOptionsAndVersionIsTheReleases() {
        StringWriter out = new StringWriter();
        Horizon.run(new String[] {"backend", "-h"}, new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));

        assertThat(out.toString()).contains("--version=V").contains("the header X-Version:").contains("--error-rate=P")
            .contains("--delay=D").contains("--seed=<seed>").contains("(default 1)").doesNotContain("-V,");
    }

    @Test
    void helpDescribesTheCpuCost() {
        StringWriter out = new StringWriter();
        Horizon.run(new String[] {"backend", "--help"}, new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));

        assertThat(out.toString()).contains("--cpu-cost=<cpuCost>").contains("CPU time each request spends computing");
    }
}
