package dev.horizon.cli;

import static dev.horizon.cli.AdminClientForTests.field;
import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static dev.horizon.cli.HorizonProcesses.yamlCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.CapacityModelJson;
import dev.horizon.sim.model.ProfilePoint;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sizing.Cpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon profile} against a real {@code horizon up} whose service {@code work} runs two
 * {@code horizon backend --cpu-cost=2ms} instances at cpu 250m under real cgroups: a short profile at two sizes writes
 * a model file the simulator reads, and the service is back at two instances of 250m afterwards — also when the
 * profile is stopped by a signal in the middle. Needs writable cgroups (root); skips otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileProcessTest {

    private static final String TWO_AT_250M = "two instances in service at 250m, desired 2";

    @TempDir
    static Path dir;

    private @Nullable Process horizon;
    private int listen;
    private int admin;
    private AdminClientForTests client;

    @BeforeAll
    void startHorizon() throws Exception {
        listen = freePort();
        admin = freePort();
        Path file = config(dir, listen, admin, "      resources: { cpu: 250m, memory: 512Mi }\n");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());
        String limits = await(lines, "horizon: instances under ");
        Assumptions.assumeTrue(limits.contains("cgroup v"), "needs writable cgroups (root, cgroup v1 or v2 with the "
            + "cpu and memory controllers): " + limits);
        await(lines, "admin on 127.0.0.1:" + admin);
        client = new AdminClientForTests(admin);
        client.succeed("scale", "work", "2");
        awaitTwoAt250m();
    }

    @AfterAll
    void stopHorizon() throws InterruptedException {
        HorizonProcesses.stop(horizon);
    }

    private String awaitTwoAt250m() throws InterruptedException {
        return client.awaitInstances("work", j -> field(j, "desired") == 2 && field(j, "in_service") == 2
            && j.contains("\"replacing\":null,") && j.contains("\"size\":{\"cpu\":\"250m\",\"cpu_m\":250,"),
            TWO_AT_250M);
    }

    @Test
    void profilesTwoSizesAtOneInstanceWritesAModelAndPutsTheServiceBack() throws Exception {
        Path model = dir.resolve("work.json");
        String output = client.succeed("profile", "--service", "work", "--concurrency", "1,2,3,4,5,6",
            "--cpu", "250m,500m", "--duration", "1s", "--warmup", "300ms", "--gateway", "127.0.0.1:" + listen,
            "--out", model.toString());

        List<String> progress = output.lines().filter(l -> l.startsWith("cpu ") && l.contains("  concurrency "))
            .toList();
        assertThat(progress).hasSize(12);
        assertThat(progress.getFirst()).startsWith("cpu 250m  concurrency 1  ");
        assertThat(progress.getLast()).startsWith("cpu 500m  concurrency 6  ");
        assertThat(output).contains("restored work: cpu 500m -> 250m, desired 1 -> 2\n")
            .contains("CPU      CONCURRENCY      REQ/S   P50(ms)   P95(ms)  USED(m)\n")
            .contains("cpu 250m: lambda ").contains("cpu 500m: lambda ").endsWith("wrote " + model + "\n");

        CapacityModel read = CapacityModelJson.read(Files.readString(model));
        assertThat(read.service()).isEqualTo("work");
        assertThat(read.curves()).extracting(SizeCurve::cpu).containsExactly(Cpu.parse("250m"), Cpu.parse("500m"));
        for (SizeCurve curve : read.curves()) {
            assertThat(curve.points()).extracting(ProfilePoint::concurrency).containsExactly(1, 2, 3, 4, 5, 6);
            // the fleet reads each instance's CPU from /proc: every step has what the instance used
            assertThat(curve.points()).allMatch(p -> p.cpuMeasured() && p.cpuMillicores() > 0);
            assertThat(curve.demand(1)).isEqualTo(curve.points().getFirst().cpuMillicores());
            assertThat(curve.serviceTimeMs()).isGreaterThanOrEqualTo(2.0);
        }
        assertThat(best(read.curves().get(1))).as("the best throughput at 500m against 250m")
            .isGreaterThan(best(read.curves().get(0)));
        awaitTwoAt250m();
    }

    @Test
    void aProfileStoppedBySignalPutsTheServiceBack() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process profile = java(lines, "profile", "--service", "work", "--concurrency", "1,2,3,4,5,6", "--cpu", "500m",
            "--duration", "30s", "--warmup", "0s", "--gateway", "127.0.0.1:" + listen, "--admin", "127.0.0.1:" + admin,
            "--out", dir.resolve("never.json").toString());
        try {
            await(lines, "profiling work through http://127.0.0.1:" + listen + "/ at one instance");
            client.awaitInstances("work", j -> field(j, "desired") == 1 && field(j, "in_service") == 1
                && j.contains("\"size\":{\"cpu\":\"500m\""), "one instance at 500m");
            // SIGTERM, as Ctrl-C's SIGINT, through the handle: Process.destroy() would also close the output pipe
            assertThat(profile.toHandle().destroy()).isTrue();
            assertThat(profile.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> output = new ArrayList<>();
            lines.drainTo(output);
            assertThat(output).contains("restored work: cpu 500m -> 250m, desired 1 -> 2");
        } finally {
            profile.destroyForcibly();
        }
        awaitTwoAt250m();
        assertThat(dir.resolve("never.json")).doesNotExist();
    }

    @Test
    void refusesAnUnknownServiceWithTheClosestName() {
        AdminClientForTests.Run run = client.horizon("profile", "--service", "wrok", "--gateway",
            "127.0.0.1:" + listen, "--out", dir.resolve("none.json").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.output())
            .isEqualTo("horizon profile: --service: no service wrok (did you mean 'work'?) (services: work)\n");
    }

    @Test
    void refusesAGatewayThatIsNotThereBeforeTouchingTheService() throws Exception {
        int closed = freePort();
        AdminClientForTests.Run run = client.horizon("profile", "--service", "work", "--gateway",
            "127.0.0.1:" + closed, "--out", dir.resolve("none.json").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.output()).isEqualTo("horizon profile: --gateway: no gateway at 127.0.0.1:" + closed + " (give "
            + "--gateway HOST:PORT, or -c with the horizon.yaml whose gateway.listen it is)\n");
        assertThat(client.instances("work")).contains("\"desired\":2,");
    }

    /**
     * A horizon.yaml in {@code dir} whose service {@code work} runs {@code horizon backend --cpu-cost=2ms}, 1..3
     * instances, with {@code resources} (a YAML line, or empty for none).
     */
    static Path config(Path dir, int listen, int admin, String resources) throws IOException {
        return Files.writeString(dir.resolve("horizon.yaml"), "gateway:\n  listen: 127.0.0.1:" + listen
            + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - service: work\n"
            + "services:\n"
            + "  work:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 1, fall: 2 }\n"
            + "    instances:\n"
            + "      command: " + yamlCommand("backend", "--cpu-cost=2ms") + "\n"
            + resources
            + "      min: 1\n      max: 3\n      warmup: 0s\n      drain-timeout: 2s\n"
            + "      state-dir: " + dir.resolve("state") + "\n");
    }

    private static double best(SizeCurve curve) {
        return curve.points().stream().mapToDouble(ProfilePoint::throughput).max().orElseThrow();
    }
}
