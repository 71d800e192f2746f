package dev.horizon.cli;

import static dev.horizon.cli.AdminClientForTests.field;
import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.horizonCommand;
import static dev.horizon.cli.HorizonProcesses.java;
import static dev.horizon.cli.HorizonProcesses.yamlCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Deployments of real processes through the gateway, under load: canaries judged by the analysis (idle, erroring,
 * slow, good), blue-green with its preview, switch and undo, a rolling update, and a Horizon killed mid-rollout.
 */
class DeploymentProcessTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private @Nullable Process horizon;
    private int admin;
    private int listen;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (horizon != null && horizon.isAlive()) {
            horizon.destroyForcibly();
        }
    }

    private String config(String deploy) {
        return "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - service: work\n"
            + "services:\n"
            + "  work:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 1, fall: 2 }\n"
            + "    instances:\n"
            + "      command: " + yamlCommand("backend", "--version=1", "--cost=5ms") + "\n"
            + "      min: 2\n      max: 4\n      warmup: 0s\n      drain-timeout: 5s\n"
            + "      state-dir: " + dir.resolve("state") + "\n"
            + "    deploy:\n" + deploy;
    }

    private void start(String deploy) throws Exception {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config(deploy));
        horizon = java(lines, "up", "-c", file.toString());
        await(lines, "horizon: gateway on 127.0.0.1:" + listen);
        admin().awaitInstances("work", j -> field(j, "in_service") == 2, "2 instances in service");
    }

    private AdminClientForTests admin() {
        return new AdminClientForTests(admin);
    }

    /** {@code horizon deploy work --command "… backend ARGS"} plus {@code extra}. */
    private String deploy(String backendArgs, String... extra) {
        String command = String.join(" ", horizonCommand()) + " backend " + backendArgs;
        String[] args = new String[3 + extra.length];
        args[0] = "deploy";
        args[1] = "work";
        args[2] = "--command=" + command;
        System.arraycopy(extra, 0, args, 3, extra.length);
        return admin().succeed(args);
    }

    /** Polls the rollout (up to 60 s) until {@code condition} holds on its JSON; returns it. */
    private String awaitRollout(Predicate<String> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = admin().get("/admin/services/work/rollout");
            } catch (AssertionError e) { // a restarted Horizon logs before its admin API listens
                if (!(e.getCause() instanceof java.net.ConnectException)) {
                    throw e;
                }
                Thread.sleep(100);
                continue;
            }
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    private static String text(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static Predicate<String> phase(String phase) {
        return j -> text(j, "phase").equals(phase);
    }

    private URI target() {
        return URI.create("http://127.0.0.1:" + listen + "/x");
    }

    private void ports() throws Exception {
        listen = freePort();
        admin = freePort();
    }

    @Test
    void canariesAreJudgedByTheirTrafficAndNeverFailedForHavingNone() throws Exception {
        ports();
        start("      strategy: canary\n"
            + "      steps: [ { weight: 20, pause: 3s }, { weight: 50, pause: 3s } ]\n"
            + "      analysis: { interval: 1s, failure-limit: 0, inconclusive-limit: 2, max-error-rate: 0.05,"
            + " max-p99: 5s, min-requests: 20, max-latency-increase: 1.5 }\n"); // a cold JVM is slower at first

        // an idle canary: no traffic, so every analysis is inconclusive; it pauses for a person, never rolls back
        assertThat(deploy("--version=2 --cost=5ms")).contains("deploying r2 with strategy canary");
        String idle = awaitRollout(phase("paused"), "the idle canary to pause");
        assertThat(text(idle, "reason")).contains("inconclusive");
        assertThat(admin().succeed("rollout", "abort", "work")).contains("aborted");
        awaitRollout(phase("aborted"), "the abort");

        // an erroring canary is aborted by the analysis; it got no more than its weight of the requests
        try (RevisionLoad load = new RevisionLoad(target(), 4)) {
            deploy("--version=3 --cost=5ms --error-rate=0.2");
            String bad = awaitRollout(phase("aborted"), "the erroring canary to be aborted");
            assertThat(text(bad, "reason")).contains("error rate");
            load.close();
            long toCanary = load.of("3") + load.failures().getOrDefault("status 500 from 3", 0L);
            assertThat((double) toCanary / (load.total() + load.failures().values().stream().mapToLong(n -> n).sum()))
                .as("share of requests that reached the canary: %s %s", load.versions(), load.failures())
                .isLessThanOrEqualTo(0.20 + 0.02);
        }
        try (RevisionLoad after = new RevisionLoad(target(), 2)) {
            awaitCount(after, 300);
            after.close();
            assertThat(after.versions()).as("stable serves everything after the abort").containsOnlyKeys("1");
            assertThat(after.failures()).isEmpty();
        }

        // a slower canary is caught by the latency comparison, not by errors
        try (RevisionLoad load = new RevisionLoad(target(), 4)) {
            deploy("--version=4 --cost=5ms --delay=150ms");
            String slow = awaitRollout(phase("aborted"), "the slow canary to be aborted");
            assertThat(text(slow, "reason")).contains("latency").doesNotContain("error rate");
            load.close();
            assertThat(load.failures()).isEmpty();
        }

        // a good canary climbs every step and is promoted; nothing fails on the way
        try (RevisionLoad load = new RevisionLoad(target(), 4)) {
            deploy("--version=5 --cost=5ms");
            awaitRollout(j -> text(j, "phase").equals("progressing") && j.contains("\"weight\":50"),
                "the second step");
            awaitRollout(phase("promoted"), "the promotion");
            admin().awaitInstances("work", j -> !j.contains("\"id\":\"work-1\",\"state\":\"in_service\"")
                && field(j, "in_service") == 2
                && field(j, "draining") == 0, "r1 drained");
            long before = load.of("5");
            awaitCount(load, load.total() + 200);
            load.close();
            assertThat(load.failures()).as("failed requests").isEmpty();
            assertThat(load.of("5")).isGreaterThan(before);
        }
        try (RevisionLoad after = new RevisionLoad(target(), 2)) {
            awaitCount(after, 200);
            after.close();
            assertThat(after.versions()).containsOnlyKeys("5");
        }
        assertThat(admin().succeed("rollout", "status", "work")).contains("canary rollout of r5 (stable r1): promoted");
    }

    @Test
    void blueGreenPreviewsSwitchesAndUndoesAndARollingUpdateFailsNothing() throws Exception {
        ports();
        start("      strategy: blue-green\n      scale-down-delay: 30s\n      auto-promote: false\n");
        try (RevisionLoad load = new RevisionLoad(target(), 4)) {
            deploy("--version=2 --cost=5ms");
            awaitRollout(phase("paused"), "green ready, waiting for promote");
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> preview = CLIENT.send(HttpRequest.newBuilder(target())
                    .header("X-Canary", "always").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(preview.headers().firstValue("X-Version")).as("a preview reaches green").hasValue("2");
            }
            assertThat(load.of("2")).as("no ordinary request reaches green before the switch").isZero();
            admin().succeed("rollout", "promote", "work");
            awaitRollout(j -> j.contains("\"weight\":100"), "the switch");
            long green = load.of("2");
            awaitCount(load, load.total() + 200);
            assertThat(load.of("2")).isGreaterThan(green);
            long blue = load.of("1");
            admin().succeed("rollout", "undo", "work");
            awaitRollout(phase("rolled-back"), "the undo");
            awaitCount(load, load.total() + 200);
            assertThat(load.of("1")).isGreaterThan(blue);
            load.close();
            assertThat(load.failures()).as("failed requests across the switch and the undo").isEmpty();
        }
        try (RevisionLoad load = new RevisionLoad(target(), 4)) {
            deploy("--version=3 --cost=5ms", "--strategy=rolling");
            awaitRollout(phase("promoted"), "the rolling update");
            admin().awaitInstances("work", j -> field(j, "draining") == 0
                && !j.contains("\"id\":\"work-1\",\"state\":\"in_service\""),
                "r1 gone");
            long before = load.total();
            awaitCount(load, before + 200);
            load.close();
            assertThat(load.failures()).as("failed requests during the rolling update").isEmpty();
            assertThat(load.of("3")).isPositive();
        }
    }

    @Test
    void aRolloutResumesAfterHorizonIsKilledAndNothingIsOrphaned() throws Exception {
        ports();
        start("      strategy: canary\n      steps: [ { weight: 50, pause: 10m } ]\n"
            + "      analysis: { interval: 1s, inconclusive-limit: 100000 }\n");
        deploy("--version=2 --cost=5ms");
        awaitRollout(j -> text(j, "phase").equals("progressing") && j.contains("\"weight\":50"), "step 1 at 50%");
        admin().awaitInstances("work", j -> j.contains("\"id\":\"work-r2-1\",\"state\":\"in_service\""),
            "the canary in service");
        List<Long> before = pids();
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);

        Process first = java.util.Objects.requireNonNull(horizon);
        first.destroyForcibly(); // SIGKILL: no drain, no last write
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        lines.clear();
        horizon = java(lines, "up", "-c", dir.resolve("horizon.yaml").toString());
        await(lines, "resuming the canary rollout of r2");
        String resumed = awaitRollout(j -> text(j, "phase").equals("progressing") && j.contains("\"weight\":50"),
            "the rollout resumed at 50%");
        assertThat(resumed).contains("\"revision\":2").contains("\"stable\":1").contains("\"step\":1");
        admin().awaitInstances("work", j -> j.contains("\"id\":\"work-r2-1\",\"state\":\"in_service\"")
            && j.contains("\"state\":\"in_service\"") && field(j, "in_service") == 2, "r1 and r2 serving again");
        for (long pid : before) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("instance pid %d of the killed Horizon", pid).isFalse();
        }
        try (RevisionLoad load = new RevisionLoad(target(), 2)) {
            awaitCount(load, 400);
            load.close();
            assertThat(load.versions()).containsOnlyKeys("1", "2");
            assertThat(load.failures()).isEmpty();
        }
    }

    /** The pids of the instances running now, from their pid files. */
    private List<Long> pids() throws java.io.IOException {
        List<Long> out = new java.util.ArrayList<>();
        try (var files = Files.list(dir.resolve("state").resolve("work"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                try {
                    out.add(Long.parseLong(Files.readAllLines(f).getFirst().substring("pid=".length())));
                } catch (java.nio.file.NoSuchFileException scaledInMeanwhile) {
                    // the canary's share scales the stable revision in: its instance left with its pid file
                }
            }
        }
        return out;
    }

    private static void awaitCount(RevisionLoad load, long total) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (load.total() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(load.total()).as("answers").isGreaterThanOrEqualTo(total);
    }
}
