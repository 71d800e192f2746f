package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.Http2Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.http2}: the defaults, every key read, bad values and misspelt keys at their line. */
class Http2SectionTest {

    @TempDir
    Path dir;

    private Http2Config load(String gateway) throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "gateway:\n" + gateway);
        return ConfigLoader.load(file, Map.of()).gateway().http2();
    }

    private String error(String http2) throws IOException {
        try {
            load("  http2:\n" + http2);
        } catch (ConfigException e) {
            return String.valueOf(e.getMessage()).replace(dir.toString(), "DIR");
        }
        throw new AssertionError("accepted: " + http2);
    }

    @Test
    void absentGivesTheDefaults() throws IOException {
        assertThat(load("  access-log: false\n")).isEqualTo(Http2Config.DEFAULTS);
        assertThat(Http2Config.DEFAULTS).isEqualTo(new Http2Config(true, false, 100, 16_384, 65_535, 200,
            Duration.ofSeconds(30), 10_000));
    }

    @Test
    void readsEveryKey() throws IOException {
        Http2Config c = load("  http2:\n    enabled: false\n    h2c: true\n    max-concurrent-streams: 50\n"
            + "    max-header-list-size: 8192\n    initial-window-size: 1048576\n    max-resets: 100\n"
            + "    reset-window: 10s\n    max-control-frames: 5000\n");

        assertThat(c).isEqualTo(new Http2Config(false, true, 50, 8192, 1_048_576, 100, Duration.ofSeconds(10), 5000));
    }

    @Test
    void refusesBadValuesAndMisspeltKeysAtTheirLine() throws IOException {
        assertThat(error("    max-concurrent-streams: 0\n"))
            .isEqualTo("DIR/horizon.yaml:3: gateway.http2.max-concurrent-streams: 0 (expected: >= 1)");
        assertThat(error("    reset-window: 1500ms\n"))
            .isEqualTo("DIR/horizon.yaml:3: gateway.http2.reset-window: '1500ms' (expected: whole seconds, >= 1s)");
        assertThat(error("    max-reset: 10\n"))
            .isEqualTo("DIR/horizon.yaml:3: unknown key 'max-reset' under gateway.http2 (did you mean 'max-resets'?)");
        assertThat(error("    h2c: yes please\n")).startsWith("DIR/horizon.yaml:3: gateway.http2.h2c:");
    }
}
