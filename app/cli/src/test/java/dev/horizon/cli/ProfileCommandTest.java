package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon profile}'s refusals of bad options: each is one line and exit 2, before any admin API is asked (the
 * admin address here has no server). The profile itself runs against a real horizon in {@code ProfileProcessTest}.
 */
class ProfileCommandTest {

    @TempDir
    Path dir;

    private String refused(String... options) {
        StringWriter out = new StringWriter();
        String[] args = new String[options.length + 5];
        args[0] = "profile";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--admin";
        args[options.length + 2] = "127.0.0.1:1";
        args[options.length + 3] = "--out";
        args[options.length + 4] = dir.resolve("model.json").toString();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(code).as(out.toString()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("model.json"))).isFalse();
        return out.toString();
    }

    @Test
    void refusesFewerThanSixConcurrenciesAsTheFitWould() {
        assertThat(refused("--service", "work", "--concurrency", "1,2,4,8,16"))
            .isEqualTo("horizon profile: --concurrency 1,2,4,8,16: 5 values (expected: at least 6, one measurement "
                + "each, for the USL fit)\n");
    }

    @Test
    void refusesARepeatedOrZeroConcurrency() {
        assertThat(refused("--service", "work", "--concurrency", "1,2,2,3,4,5"))
            .isEqualTo("horizon profile: --concurrency 1,2,2,3,4,5: a value twice (expected: distinct values)\n");
        assertThat(refused("--service", "work", "--concurrency", "0,1,2,3,4,5"))
            .isEqualTo("horizon profile: --concurrency 0,1,2,3,4,5: each value must be at least 1\n");
    }

    @Test
    void refusesABadCpuSizeWithTheExpectedSpelling() {
        assertThat(refused("--service", "work", "--cpu", "250m,half"))
            .isEqualTo("horizon profile: --cpu: half (expected: CPU like 250m, 500m, 1, 1.5 — millicores with m, or "
                + "cores)\n");
        assertThat(refused("--service", "work", "--cpu", "5m"))
            .isEqualTo("horizon profile: --cpu: 5m (expected: 10m..1024 cores)\n");
    }

    @Test
    void refusesAPathThatIsNotAPathAndATooShortDuration() {
        assertThat(refused("--service", "work", "--path", "work"))
            .isEqualTo("horizon profile: --path: work (expected: a path starting with /)\n");
        assertThat(refused("--service", "work", "--duration", "50ms"))
            .isEqualTo("horizon profile: --duration: 50ms (expected: at least 100ms)\n");
    }

    @Test
    void refusesAPathWithAMixAndABadMixEntry() {
        assertThat(refused("--service", "work", "--path", "/a", "--mix", "/b:2"))
            .isEqualTo("horizon profile: --path and --mix: both given (expected: one; a path is a mix of one)\n");
        assertThat(refused("--service", "work", "--body", "POST /login={}"))
            .isEqualTo("horizon profile: --body: without --mix (expected: --mix with the entry it is for)\n");
        assertThat(refused("--service", "work", "--mix", "POST /login:1,products"))
            .isEqualTo("horizon profile: --mix: products (expected: [METHOD ]PATH[:WEIGHT], e.g. 'POST /login:1' or "
                + "'/products:8')\n");
    }

    @Test
    void needsTheService() {
        assertThat(refused("--cpu", "500m")).startsWith("horizon: Missing required option: '--service=NAME'");
    }
}
