package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Every verb answers {@code --help} with its options. */
class HorizonHelpTest {

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(code).as("exit code of %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void demoHelpListsEveryOption() {
        assertThat(help("demo", "--help")).contains("Usage: horizon demo", "--duration", "--users", "--no-traffic",
            "--redis", "--postgres", "--port", "--admin-port", "--jar", "--state-dir", "--seed");
    }

    @Test
    void otherVerbsAnswerHelpToo() {
        assertThat(help("up", "--help")).contains("Usage: horizon up", "--config");
        assertThat(help("scale", "-h")).contains("Usage: horizon scale");
        assertThat(help("autoscale", "what-if", "--help")).contains("Usage: horizon autoscale what-if");
    }
}
