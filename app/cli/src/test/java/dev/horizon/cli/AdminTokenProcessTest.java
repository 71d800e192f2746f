package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code HORIZON_ADMIN_TOKEN}, the first {@code horizon up} generates the admin token into a private file and
 * says where once; later starts reuse it; the {@code horizon} verbs, as separate processes, find and send it.
 */
class AdminTokenProcessTest {

    @TempDir
    Path dir;

    private @Nullable Process horizon;

    @AfterEach
    void stop() {
        if (horizon != null && horizon.isAlive()) {
            horizon.destroyForcibly();
        }
    }

    /** {@code horizon args...} as a process in {@code env}; its exit code and output (SLF4J's notices left out). */
    private static AdminClientForTests.Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(HorizonProcesses.horizonCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("horizon %s exits", List.of(args)).isTrue();
        return new AdminClientForTests.Run(p.exitValue(), output.lines().filter(l -> !l.startsWith("SLF4J"))
            .collect(Collectors.joining("\n")));
    }

    /** Lines up to and including the one containing {@code part} (waits up to 20 s). */
    private static List<String> linesUntil(BlockingQueue<String> lines, String part) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(part)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no line containing '" + part + "' in " + seen);
    }

    @Test
    void theFirstStartGeneratesAPrivateTokenThatTheVerbsUseAndLaterStartsReuse() throws Exception {
        int listen = freePort();
        int adminPort = freePort();
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + adminPort
            + "\nroutes:\n  - match: { path-prefix: / }\n    service: shop\n"
            + "services:\n  shop:\n    endpoints:\n      - 127.0.0.1:1\n");
        Path state = dir.resolve("state");
        Map<String, String> env = Map.of("XDG_STATE_HOME", state.toString(), "HORIZON_ADMIN_TOKEN", "");
        Path tokenFile = state.resolve("horizon").resolve("admin-token");
        String admin = "127.0.0.1:" + adminPort;

        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(env, lines, "up", "-c", file.toString());
        String generated = await(lines, "admin API token").replaceFirst("^\\d{4}-\\d\\d-\\d\\dT\\S+ ", "");
        assertThat(generated).isEqualTo("horizon: generated the admin API token in "
            + tokenFile + " (readable only by you); the horizon verbs send it, other clients send \"Authorization: "
            + "Bearer\" and its contents");
        await(lines, "horizon: gateway on 127.0.0.1:" + listen);
        String token = Files.readString(tokenFile).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile.getParent())))
            .isEqualTo("rwx------");

        assertThat(run(env, "drain", "shop", "127.0.0.1:1", "--admin", admin))
            .isEqualTo(new AdminClientForTests.Run(0, "draining shop 127.0.0.1:1"));
        assertThat(run(Map.of("XDG_STATE_HOME", state.toString(), "HORIZON_ADMIN_TOKEN", "wrong"), "drain", "shop",
            "127.0.0.1:1", "--undo", "--admin", admin)).isEqualTo(new AdminClientForTests.Run(2,
            "horizon drain: missing or wrong bearer token (HORIZON_ADMIN_TOKEN); it sent HORIZON_ADMIN_TOKEN"));
        Path elsewhere = dir.resolve("elsewhere");
        assertThat(run(Map.of("XDG_STATE_HOME", elsewhere.toString(), "HORIZON_ADMIN_TOKEN", ""), "drain", "shop",
            "127.0.0.1:1", "--undo", "--admin", admin)).isEqualTo(new AdminClientForTests.Run(2,
            "horizon drain: missing or wrong bearer token (HORIZON_ADMIN_TOKEN); it has none: HORIZON_ADMIN_TOKEN is "
                + "not set and " + elsewhere.resolve("horizon").resolve("admin-token") + " cannot be read"));

        horizon.destroy();
        assertThat(horizon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        BlockingQueue<String> again = new LinkedBlockingQueue<>();
        horizon = java(env, again, "up", "-c", file.toString());
        assertThat(linesUntil(again, "horizon: gateway on 127.0.0.1:" + listen))
            .as("the token is announced once, when it is generated").noneMatch(l -> l.contains("admin API token"));
        assertThat(Files.readString(tokenFile).strip()).isEqualTo(token);
        assertThat(run(env, "drain", "shop", "127.0.0.1:1", "--undo", "--admin", admin))
            .isEqualTo(new AdminClientForTests.Run(0, "resumed shop 127.0.0.1:1"));
    }
}
