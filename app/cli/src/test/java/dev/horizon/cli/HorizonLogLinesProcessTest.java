package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.horizonCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon up} as a real process: every line it writes while running starts with an ISO-8601 local timestamp
 * with milliseconds and the offset, and SLF4J, bound to its simple provider, prints no "no providers" warning.
 */
class HorizonLogLinesProcessTest {

    private static final String STAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) ";

    @TempDir
    Path dir;

    private @Nullable Process horizon;

    @AfterEach
    void stop() {
        if (horizon != null && horizon.isAlive()) {
            horizon.destroyForcibly();
        }
    }

    @Test
    void everyLineOfARunningGatewayIsStamped() throws Exception {
        int listen = freePort();
        int admin = freePort();
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin
            + "\nservices:\n  shop:\n    endpoints: [127.0.0.1:1]\n");
        List<String> command = new ArrayList<>(horizonCommand());
        command.addAll(List.of("up", "-c", file.toString()));
        horizon = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(horizon.getInputStream(),
            StandardCharsets.UTF_8));

        String first = output.readLine();
        assertThat(first).matches(STAMP + "horizon: gateway on 127\\.0\\.0\\.1:" + listen
            + ", admin on 127\\.0\\.0\\.1:" + admin + ", 1 service\\(s\\) from .*horizon\\.yaml");

        horizon.toHandle().destroy(); // SIGTERM, keeping the output open (Process.destroy closes it)
        List<String> rest = new ArrayList<>();
        for (String line; (line = output.readLine()) != null;) {
            rest.add(line);
        }
        assertThat(horizon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(rest).hasSize(2);
        assertThat(rest.get(0)).matches(STAMP + "horizon: draining \\(up to 30s\\)");
        assertThat(rest.get(1)).matches(STAMP + "horizon: stopped");
    }
}
