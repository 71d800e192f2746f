package dev.horizon.cli;

import static dev.horizon.cli.AdminClientForTests.field;
import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.CapacityModelJson;
import dev.horizon.sim.model.MixEntry;
import dev.horizon.sim.model.ProfilePoint;
import dev.horizon.sim.model.SizeCurve;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon profile --mix} against a real {@code horizon up} whose service {@code work} runs two unsized
 * {@code horizon backend --cpu-cost=2ms} instances (no cgroups needed): the mix of a cheap GET and a POST with a body
 * is profiled at one instance, the model written, and the service put back at two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileMixProcessTest {

    @TempDir
    static Path dir;

    private @Nullable Process horizon;
    private int listen;
    private AdminClientForTests client;

    @BeforeAll
    void startHorizon() throws Exception {
        listen = freePort();
        int admin = freePort();
        Path file = ProfileProcessTest.config(dir, listen, admin, "");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());
        await(lines, "admin on 127.0.0.1:" + admin);
        client = new AdminClientForTests(admin);
        client.succeed("scale", "work", "2");
        client.awaitInstances("work", j -> field(j, "in_service") == 2, "two instances in service");
    }

    @AfterAll
    void stopHorizon() throws InterruptedException {
        HorizonProcesses.stop(horizon);
    }

    @Test
    void profilesAWeightedMixAtOneInstanceAndPutsTheServiceBack() throws Exception {
        Path model = dir.resolve("mix.json");
        String output = client.succeed("profile", "--service", "work", "--concurrency", "1,2,3,4,5,6",
            "--mix", "GET /products:3,POST /login:1", "--body", "POST /login={\"user\":\"u{user}\"}",
            "--duration", "500ms", "--warmup", "200ms", "--gateway", "127.0.0.1:" + listen, "--out",
            model.toString());

        assertThat(output).contains("profiling work through http://127.0.0.1:" + listen + "/ (mix GET /products:3, "
            + "POST /login:1) at one instance");
        List<String> progress = output.lines().filter(l -> l.contains("  concurrency ")).toList();
        assertThat(progress).hasSize(6).allMatch(l -> !l.contains("failed"));
        assertThat(output).contains("restored work: desired 1 -> 2\n").endsWith("wrote " + model + "\n");
        CapacityModel read = CapacityModelJson.read(Files.readString(model));
        SizeCurve curve = read.curves().getFirst();
        assertThat(curve.points()).extracting(ProfilePoint::concurrency).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(curve.serviceTimeMs()).as("each request spends the backend's 2ms of CPU").isGreaterThan(2.0);
        assertThat(read.mix()).extracting(MixEntry::name, MixEntry::weight)
            .containsExactly(tuple("GET /products", 3.0), tuple("POST /login", 1.0));
        assertThat(read.mix()).allMatch(e -> e.serviceTimeMs() > 2.0, "each kind alone spends the backend's 2ms");
        assertThat(read.mix()).allMatch(e -> e.hasCv() && e.cv() >= 0, "each kind's spread is recorded");
        assertThat(output).contains("the mix alone (concurrency 1, mean ms and cv): GET /products ");
        client.awaitInstances("work", j -> field(j, "desired") == 2 && field(j, "in_service") == 2,
            "two instances in service again");
    }

    @Test
    void refusesAGatewayThatIsNotThereBeforeTouchingTheService() throws Exception {
        int closed = freePort();
        AdminClientForTests.Run run = client.horizon("profile", "--service", "work", "--mix", "/a:2,/b",
            "--gateway", "127.0.0.1:" + closed, "--out", dir.resolve("none.json").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.output()).contains("horizon profile: --gateway: no gateway at 127.0.0.1:" + closed);
        assertThat(client.instances("work")).contains("\"desired\":2,");
    }
}
