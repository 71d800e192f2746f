package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code horizon trace generate}: the summary, the file, and one-line refusals with exit code 2. */
class TraceCommandTest {

    /** The exit code, standard output and standard error of {@code horizon ARGS}. */
    private static String[] horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void printsTheSummaryOfASpec() {
        assertThat(horizon("trace", "generate", "flash-sale:base=100,multiplier=100,start=1h,length=30m,duration=3h"))
            .containsExactly("0", "3h, 18,900,000 requests, peak 10,000 rps at 1h\n", "");
    }

    @Test
    void writesTheTraceAndReadsItBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spike.csv");

        assertThat(horizon("trace", "generate", "spike:duration=10m", "--out", file.toString())).containsExactly("0",
            "wrote " + file + ": 10m, 114,000 requests, peak 1,000 rps at 5m\n", "");
        assertThat(Files.readAllLines(file)).hasSize(601).startsWith("seconds,rps", "0,100").contains("300,1000");
        assertThat(horizon("trace", "generate", file.toString()))
            .containsExactly("0", "10m, 114,000 requests, peak 1,000 rps at 5m\n", "");
    }

    @Test
    void refusesABadSpecOrFileInOneLineWithExitCode2(@TempDir Path dir) throws IOException {
        assertThat(horizon("trace", "generate", "flash-sale:multiplyer=5")).containsExactly("2", "",
            "horizon trace generate: flash-sale: unknown parameter 'multiplyer' (expected: base | multiplier | start "
                + "| length | duration) (did you mean 'multiplier'?)\n");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "seconds,rps\n0,1\n1,-2\n");
        assertThat(horizon("trace", "generate", bad.toString()))
            .containsExactly("2", "", "horizon trace generate: " + bad + ":3: rps -2 (expected: 0 or more)\n");
        Path nowhere = dir.resolve("no/such/dir/t.csv");
        assertThat(horizon("trace", "generate", "spike", "--out", nowhere.toString()))
            .containsExactly("2", "", "horizon trace generate: " + nowhere + ": no such directory\n");
        assertThat(horizon("trace", "generate")).containsExactly("2", "",
            "horizon: Missing required parameter: 'SPEC' (see horizon --help)\n");
    }

    @Test
    void helpNamesTheShapesAndTheExport() {
        assertThat(horizon("trace", "--help")[1]).contains("Usage: horizon trace", "generate", "export")
            .doesNotContain("Coming");
        assertThat(horizon("trace", "export", "--help")[1]).contains("Usage: horizon trace export", "SERVICE",
            "--out=FILE.csv", "--last=DURATION", "--since=TIME", "--admin");
        assertThat(horizon("trace", "generate", "--help")[1]).contains("Usage: horizon trace generate", "--out",
            "daily, flash-sale, growth, spike");
    }
}
