package dev.horizon.cli;

import static dev.horizon.cli.AdminClientForTests.field;
import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static dev.horizon.cli.HorizonProcesses.yamlCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.showcase.LoadGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon resize} on a running {@code horizon up} under load, with real cgroups: a CPU change in place (the
 * same processes, the new quota in their cgroup files, no failed request) and a memory cut below what the instances'
 * JVMs fixed at start, which replaces them one at a time without ever having fewer than two in service and without a
 * failed request. Needs writable cgroups (root, cgroup v1 or v2 with the cpu and memory controllers); skips otherwise.
 */
class ResizeProcessTest {

    private static final Path CGROUP_CPU = Path.of("/sys/fs/cgroup/cpu/horizon");

    @TempDir
    Path dir;

    private @Nullable Process horizon;
    private int admin;

    @AfterEach
    void stop() throws InterruptedException {
        Process p = horizon;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private String config(int listen) {
        return "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - service: work\n"
            + "services:\n"
            + "  work:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 2, fall: 2 }\n"
            + "    retries: { attempts: 2 }\n"
            + "    instances:\n"
            + "      command: " + yamlCommand("backend", "--cpu-cost=2ms", "--concurrency=4") + "\n"
            + "      resources: { cpu: 250m, memory: 1Gi }\n"
            + "      min: 2\n      max: 4\n      warmup: 1s\n      drain-timeout: 5s\n"
            + "      state-dir: " + dir.resolve("state") + "\n";
    }

    private String horizonVerb(String... args) {
        return new AdminClientForTests(admin).succeed(args);
    }

    @Test
    void cpuChangesInPlaceAndAMemoryCutReplacesOneAtATimeWithoutAFailedRequest() throws Exception {
        int listen = freePort();
        admin = freePort();
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config(listen));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());
        String limits = await(lines, "horizon: instances under ");
        Assumptions.assumeTrue(limits.contains("cgroup v"), "needs writable cgroups (root, cgroup v1 or v2 with the "
            + "cpu and memory controllers): " + limits);
        AdminClientForTests client = new AdminClientForTests(admin);
        client.awaitInstances("work", j -> field(j, "in_service") == 2, "2 instances in service");
        long pid1 = pid("work-1");
        long pid2 = pid("work-2");
        assertThat(quota("work-1")).isEqualTo("25000");

        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + listen + "/x"),
            Duration.ofSeconds(10))) {
            load.users(4);
            assertThat(horizonVerb("resize", "work", "--cpu", "500m"))
                .isEqualTo("work: cpu 250m -> 500m in place on work-1, work-2\n");
            assertThat(quota("work-1")).isEqualTo("50000");
            assertThat(quota("work-2")).isEqualTo("50000");
            assertThat(List.of(pid("work-1"), pid("work-2"))).containsExactly(pid1, pid2);
            assertThat(client.instances("work")).contains("\"size\":{\"cpu\":\"500m\",\"cpu_m\":500,\"memory\":"
                + "\"1Gi\"");

            String cut = horizonVerb("resize", "work", "--memory", "240Mi");
            assertThat(cut).startsWith("work: memory 1Gi -> 240Mi: ").contains("one at a time");
            int fewest = Integer.MAX_VALUE;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String now = client.instances("work");
            while (!(now.contains("\"replacing\":null") && field(now, "in_service") == 2
                && now.contains("\"id\":\"work-4\",\"state\":\"in_service\""))) {
                assertThat(System.nanoTime()).as("replacement done in time; last: %s", now).isLessThan(deadline);
                fewest = Math.min(fewest, field(now, "in_service") + field(now, "warming"));
                Thread.sleep(50);
                now = client.instances("work");
            }
            assertThat(fewest).as("instances taking traffic during the replacement").isGreaterThanOrEqualTo(2);
            assertThat(now).contains("\"id\":\"work-3\",\"state\":\"in_service\"");
            assertThat(quota("work-4")).isEqualTo("50000");
            assertThat(memoryLimit("work-4")).isEqualTo(Long.toString(240L << 20));
            load.close();
            assertThat(load.failures()).as("failed requests").isEmpty();
            assertThat(load.succeeded()).isPositive();
        }
        assertThat(horizonVerb("status")).contains("size cpu 500m, memory 240Mi; cgroup v");
    }

    private long pid(String instance) throws IOException {
        Path pidFile = dir.resolve("state").resolve("work").resolve(instance + ".pid");
        return Long.parseLong(Files.readAllLines(pidFile).getFirst().substring("pid=".length()));
    }

    private String quota(String instance) throws IOException {
        return Files.readString(group(CGROUP_CPU, instance).resolve("cpu.cfs_quota_us")).strip();
    }

    private String memoryLimit(String instance) throws IOException {
        return Files.readString(group(Path.of("/sys/fs/cgroup/memory/horizon"), instance)
            .resolve("memory.limit_in_bytes")).strip();
    }

    /** The instance's cgroup under {@code root}: {@code root/HORIZON_PID-START/work.INSTANCE}. */
    private Path group(Path root, String instance) throws IOException {
        Process p = horizon;
        assertThat(p).isNotNull();
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(root, p.pid() + "-*")) {
            for (Path owner : owners) {
                Path g = owner.resolve("work." + instance);
                if (Files.isDirectory(g)) {
                    found.add(g);
                }
            }
        }
        assertThat(found).as("the cgroup of %s", instance).hasSize(1);
        return found.getFirst();
    }
}
