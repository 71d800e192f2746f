package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.AdminClientForTests.field;
import static dev.horizon.cli.HorizonProcesses.yamlCommand;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.showcase.LoadGenerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon up} running its own instances as real processes behind the gateway, under load: scaling by the
 * operator, an instance killed with SIGKILL, a crash-looping command, and a clean stop that leaves no process.
 */
class ManagedInstancesProcessTest {

    @TempDir
    Path dir;

    private @Nullable Process horizon;
    private int admin;

    @AfterEach
    void stop() {
        if (horizon != null && horizon.isAlive()) {
            horizon.destroyForcibly();
        }
    }

    private String config(int listen) {
        String command = yamlCommand("backend", "--cost=20ms");
        return "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - match: { path-prefix: /crash/ }\n    service: crash\n  - service: work\n"
            + "services:\n"
            + "  work:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 2, fall: 2 }\n"
            + "    instances:\n"
            + "      command: " + command + "\n"
            + "      min: 2\n      max: 5\n      warmup: 1s\n      drain-timeout: 5s\n"
            + "      state-dir: " + dir.resolve("state") + "\n"
            + "  crash:\n"
            + "    instances:\n"
            + "      command: [sh, -c, \"echo starting; exit 3\"]\n"
            + "      state-dir: " + dir.resolve("state") + "\n";
    }

    /** {@code horizon VERB ...} against the running process; returns its output (it must succeed). */
    private String horizon(String... args) {
        return new AdminClientForTests(admin).succeed(args);
    }

    private String instances(String service) {
        return new AdminClientForTests(admin).instances(service);
    }

    private String awaitInstances(String service, Predicate<String> condition, String what)
            throws InterruptedException {
        return new AdminClientForTests(admin).awaitInstances(service, condition, what);
    }

    @Test
    void runsScalesReplacesAndStopsInstancesWithoutFailingARequest() throws Exception {
        int listen = freePort();
        admin = freePort();
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config(listen));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());
        await(lines, "horizon: gateway on 127.0.0.1:" + listen);
        awaitInstances("work", j -> field(j, "in_service") == 2, "2 instances in service");

        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + listen + "/x"),
            Duration.ofSeconds(10))) {
            load.users(6);
            assertThat(horizon("scale", "work", "4")).isEqualTo("work: desired 2 -> 4\n");
            awaitInstances("work", j -> field(j, "in_service") == 4, "4 instances in service");

            Path pidFile = dir.resolve("state").resolve("work").resolve("work-1.pid");
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().substring("pid=".length()));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            awaitInstances("work", j -> j.contains("\"id\":\"work-5\",\"state\":\"in_service\""),
                "work-5 replacing the killed work-1");
            assertThat(await(lines, "by SIGKILL")).contains("work-1 IN_SERVICE -> FAILED");

            assertThat(horizon("scale", "work", "2")).isEqualTo("work: desired 4 -> 2\n");
            awaitInstances("work", j -> field(j, "in_service") == 2 && field(j, "draining") == 0,
                "scale-in to 2");
            long served = load.succeeded();
            Thread.sleep(500);
            assertThat(load.succeeded()).as("still serving").isGreaterThan(served);
            load.close();
            assertThat(load.failures()).as("failed requests").isEmpty();
            assertThat(load.succeeded()).isPositive();
        }

        String crash = awaitInstances("crash", j -> j.contains("crash loop: ") && field(j, "restarts") >= 2,
            "a crash loop");
        assertThat(crash).contains("exited with code 3").contains("next start in");
        String status = horizon("status");
        assertThat(status).contains("work instances: desired 2 (min 2, max 5); 2 in service")
            .contains("crash instances: desired 1 (min 1, max 1)").contains("crash loop: ");

        Matcher serving = Pattern.compile("\"id\":\"(work-\\d+)\",\"state\":\"in_service\"").matcher(instances("work"));
        assertThat(serving.find()).isTrue();
        String victim = serving.group(1);
        assertThat(horizon("drain", "work", victim)).isEqualTo("draining and stopping work instance " + victim
            + " (the fleet replaces it)\n");
        awaitInstances("work", j -> field(j, "in_service") == 2 && !j.contains("\"id\":\"" + victim
            + "\",\"state\":\"in_service\""), "a replacement for the drained " + victim);

        String withoutCrash = config(listen);
        withoutCrash = withoutCrash.substring(0, withoutCrash.indexOf("  crash:\n"))
            .replace("  - match: { path-prefix: /crash/ }\n    service: crash\n", "");
        Files.writeString(file, withoutCrash);
        assertThat(new AdminClientForTests(admin).post("/admin/reload", "")).isEqualTo(200);
        assertThat(await(lines, "crash is no longer managed")).contains("stopping its instances");
        assertThat(new AdminClientForTests(admin).status("GET", "/admin/services/crash/instances")).isEqualTo(404);
        assertThat(field(instances("work"), "in_service")).as("work keeps its instances across the reload")
            .isEqualTo(2);

        horizon.destroy();
        assertThat(horizon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(horizon.exitValue()).isZero();
        try (var files = Files.list(dir.resolve("state").resolve("work"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pid")).toList())
                .as("no pid file left: every instance stopped").isEmpty();
        }
    }
}
