package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.PostgresServer;
import dev.horizon.testing.RedisServer;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.TraceCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code horizon demo} as a user runs it: a short run to its summary, and Ctrl-C; neither leaves a process behind. */
class DemoProcessTest {

    @TempDir
    Path dir;

    private List<String> demo(String... extra) throws java.io.IOException {
        List<String> args = new ArrayList<>(List.of("demo", "--port", Integer.toString(freePort()), "--admin-port",
            Integer.toString(freePort()),
            "--state-dir", dir.resolve("state").toString(), "--jar", ShopFleetContract.DEMO_JAR.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Reads lines until one contains {@code part} or the process ends; returns everything read. */
    private static List<String> readUntil(BlockingQueue<String> lines, Process p, String part, long seconds)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(part)) {
                    return seen;
                }
            } else if (!p.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line containing '" + part + "' in " + seen + threads(p));
    }

    /**
     * The threads of {@code p} while it still runs ({@code jcmd PID Thread.print} from the JDK running the test), so
     * that a demo that does not stop says where it is stuck; empty once it has ended.
     */
    private static String threads(Process p) {
        if (!p.isAlive()) {
            return "";
        }
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            String signals = String.join("\n", Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                .filter(l -> l.startsWith("Sig")).toList());
            return "\nthe process is still running; its signals (/proc):\n" + signals + "\nits threads:\n" + text;
        } catch (java.io.IOException e) {
            return "\nthe process is still running (no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "\nthe process is still running (interrupted before its thread dump)";
        }
    }

    private static Set<ProcessHandle> instancesOf(Process p) {
        Set<ProcessHandle> found = new HashSet<>(p.descendants().filter(h -> h.info().commandLine().orElse("")
            .contains("--instance=")).toList());
        return found;
    }

    @Test
    void anUnreachableRedisFailsAtOnceNamingItWithExitCode1() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = java(lines, demo("--redis", "redis://127.0.0.1:1").toArray(String[]::new));
        List<String> out = readUntil(lines, p, "cannot reach Redis", 30);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", String.join("\n", out)).isEqualTo(1);
        assertThat(out.getLast()).endsWith("cannot reach Redis at redis://127.0.0.1:1 (--redis): Connection refused");
        assertThat(out).noneMatch(line -> line.contains("waiting for the shop"));
    }

    @Test
    void shortRunPlaysEveryPhaseWithoutErrorsAndPrintsTheSummary() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = java(lines, demo("--duration", "12s", "--users", "6").toArray(String[]::new));
        List<String> out = new ArrayList<>(readUntil(lines, p, "horizon demo: shop on", 120));
        Set<ProcessHandle> instances = instancesOf(p);
        assertThat(instances).hasSize(2);
        out.addAll(readUntil(lines, p, "horizon demo: stopped", 120));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", String.join("\n", out)).isZero();

        String text = String.join("\n", out);
        assertThat(text).contains("── ramp: 1→2 shoppers for 4s", "── spike: 6 shoppers for 3s",
            "── calm: 1 shopper for 3s", "horizon demo: summary");
        int header = out.indexOf(out.stream().filter(l -> l.startsWith("phase ")).findFirst().orElseThrow());
        assertThat(out.get(header)).matches("phase\\s+time\\s+users\\s+requests\\s+errors\\s+429\\s+503\\s+req/s"
            + "\\s+p95\\s+instances");
        assertThat(out).anySatisfy(l -> assertThat(l).matches("horizon demo: dashboard on http://127\\.0\\.0\\.1:"
            + "\\d+/"));
        assertThat(out.get(header + 1)).matches("ramp\\s+0:0\\d\\s+1→2\\s+\\d+\\s+0\\s+.*");
        assertThat(out.get(header + 2)).matches("spike\\s+0:0\\d\\s+6\\s+\\d+\\s+0\\s+.*");
        assertThat(out.get(header + 3)).matches("calm\\s+0:0\\d\\s+1\\s+\\d+\\s+0\\s+.*");
        assertThat(out.get(header + 4)).matches("total\\s+[1-9]\\d*\\s+0\\s+.*peak \\d+ × \\d+m");
        assertThat(text).contains("horizon demo: the shop scales vertical-first: 2 instances start at 250m CPU");
        assertThat(instances).noneMatch(ProcessHandle::isAlive);
        assertRunRecorded(out, true);
    }

    /**
     * The "rolling restart onto a new revision: zero failed requests, nobody logged out (demo shop)": halfway
     * through the shoppers' traffic the demo deploys {@code SHOP_VERSION=2} as a rolling update, every instance is
     * replaced by one of revision 2 while the shoppers shop, and the summary shows the rollout over with no failed
     * request, no shopper logged out, no cart lost, and both versions answering.
     */
    @Test
    void aRollingDeployHalfwayReplacesEveryInstanceWithoutAFailedRequestOrALostSession() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = java(lines, demo("--duration", "46s", "--users", "6", "--deploy", "rolling")
            .toArray(String[]::new));
        List<String> out = new ArrayList<>(readUntil(lines, p, "horizon demo: shop on", 120));
        Set<ProcessHandle> instances = instancesOf(p);
        assertThat(instances).hasSize(2);
        out.addAll(readUntil(lines, p, "rollout rolling r1 → r2: promoted at 100%", 90));
        Set<ProcessHandle> revision2 = new HashSet<>(instancesOf(p).stream().filter(h -> h.info().commandLine()
            .orElse("").contains("--instance=shop-r2-")).toList());
        assertThat(revision2).hasSize(2);
        out.addAll(readUntil(lines, p, "horizon demo: stopped", 120));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = String.join("\n", out);
        assertThat(p.exitValue()).as("exit code; output:%n%s", text).isZero();

        assertThat(text).contains("rollout deploy SHOP_VERSION=2 (as horizon deploy shop --env SHOP_VERSION=2 "
            + "--strategy rolling): shop: deploying r2 with strategy rolling",
            "rollout rolling r1 → r2: promoted at 100%: rolled out: 2 instances of r2 take requests");
        assertThat(out).filteredOn(l -> l.startsWith("total ")).singleElement().asString()
            .matches("total\\s+[1-9]\\d*\\s+0\\s+.*");
        assertThat(out).contains("shoppers  0 logged out, 0 carts lost");
        assertThat(out).anySatisfy(l -> assertThat(l).matches("rollout   rolling r1 → r2: promoted at 100%; "
            + "SHOP_VERSION=2 deployed at 0:2[34], over at 0:\\d\\d \\(\\d+s\\)"));
        assertThat(out).anySatisfy(l -> assertThat(l).matches("\\s+during it: [1-9]\\d* requests, 0 errors, "
            + "0 logged out, 0 carts lost; answered by version 1 \\d+\\.\\d %, version 2 \\d+\\.\\d %"));
        String phases = Files.readString(dir.resolve("state").resolve("phases.json"));
        assertThat(phases).contains("\"rollout\": {\"strategy\": \"rolling\", \"stable\": 1, \"revision\": 2, "
            + "\"phase\": \"promoted\", \"weight\": 100, ").containsPattern("\"errors\": 0, \"logged-out\": 0, "
            + "\"carts-lost\": 0, \"versions\": \\{\"1\": [1-9]\\d*, \"2\": [1-9]\\d*\\}\\}\\}");
        assertThat(instances).as("revision 1's instances, drained during the run").noneMatch(ProcessHandle::isAlive);
        assertThat(revision2).noneMatch(ProcessHandle::isAlive);
    }

    /** The run's trace, instance timeline and phases in the state directory, named at the end. */
    private void assertRunRecorded(List<String> out, boolean traffic) throws java.io.IOException {
        Path state = dir.resolve("state").toAbsolutePath();
        assertThat(out).contains("horizon demo: wrote " + state.resolve("trace.csv") + ", "
            + state.resolve("instances.csv") + ", " + state.resolve("phases.json") + ", "
            + state.resolve("report.html"));
        String report = Files.readString(state.resolve("report.html"));
        assertThat(report).startsWith("<!DOCTYPE html>").contains("<title>horizon demo</title>", "uPlot",
            "HorizonTimeline.draw(", "{\"name\":\"the shop, second by second\",\"columns\":{\"time\":["
                + (traffic ? "0," : ""))
            .doesNotContain("<script src=", "<link rel=\"stylesheet\" href=");
        Trace trace = TraceCsv.read(state.resolve("trace.csv"));
        List<String> timeline = Files.readAllLines(state.resolve("instances.csv"));
        assertThat(timeline.get(0)).isEqualTo("time,arrivals,served,rejected,timed-out,p50-ms,p95-ms,p99-ms,"
            + "instances,starting,warming,ready,draining,cpu,cpu-utilization,price-per-hour");
        assertThat(timeline).hasSizeGreaterThanOrEqualTo(1 + trace.seconds());
        List<String[]> rows = timeline.subList(1, timeline.size()).stream().map(l -> l.split(",", -1)).toList();
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(16));
        assertThat(rows.stream().mapToLong(r -> r[1].isEmpty() ? 0 : Long.parseLong(r[1])).sum())
            .isEqualTo((long) trace.totalRequests());
        assertThat(rows.getFirst()[0]).isEqualTo("0");
        assertThat(rows).anySatisfy(r -> {
            assertThat(r[11]).isEqualTo("2");
            assertThat(r[13]).isEqualTo("250");
        });
        String phases = Files.readString(state.resolve("phases.json"));
        if (traffic) {
            assertThat(trace.totalRequests()).isPositive();
            assertThat(rows.stream().map(r -> r[6]).filter(p95 -> !p95.isEmpty()).map(Double::parseDouble))
                .isNotEmpty().allSatisfy(p95 -> assertThat(p95).isPositive());
            assertThat(phases).contains("{\"phase\": \"ramp\", \"start-seconds\": 0,", "{\"phase\": \"spike\"",
                "{\"phase\": \"calm\"", "\"p95-ms\": ");
            assertThat(report).contains("<td>ramp</td><td>1→2</td>", "<td>spike</td><td>6</td>");
        } else {
            assertThat(phases).isEqualTo("{\"phases\": []}\n");
        }
    }

    @Test
    void runsOnPostgresqlWithSessionsInRedis() throws Exception {
        try (PostgresServer postgres = new PostgresServer(); RedisServer redis = new RedisServer(dir)) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process p = java(lines, demo("--duration", "10s", "--users", "4", "--postgres", postgres.url(),
                "--redis", "redis://127.0.0.1:" + redis.port()).toArray(String[]::new));
            List<String> out = readUntil(lines, p, "horizon demo: stopped", 180);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String text = String.join("\n", out);
            assertThat(p.exitValue()).as("exit code; output:%n%s", text).isZero();
            assertThat(text).contains("horizon demo: database PostgreSQL jdbc:postgresql://127.0.0.1:",
                "as postgres", "horizon demo: seeded 40 products", "horizon demo: sessions in Redis redis://127.0.0.1:"
                + redis.port());
            assertThat(out.stream().filter(l -> l.startsWith("total ")).findFirst().orElseThrow())
                .matches("total\\s+[1-9]\\d*\\s+0\\s+.*");
        }
    }

    @Test
    void startsItsOwnPrimaryWithTwoReplicasAndServesFromThem() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = java(lines, demo("--duration", "10s", "--users", "4", "--postgres").toArray(String[]::new));
        List<String> out = readUntil(lines, p, "horizon demo: stopped", 180);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = String.join("\n", out);
        assertThat(p.exitValue()).as("exit code; output:%n%s", text).isZero();
        assertThat(text).contains("horizon demo: starting PostgreSQL, a primary and 2 streaming replicas",
            "horizon demo: database PostgreSQL jdbc:postgresql://127.0.0.1:", "with 2 streaming replicas",
            "horizon demo: seeded 40 products");
        assertThat(out.stream().filter(l -> l.startsWith("total ")).findFirst().orElseThrow())
            .matches("total\\s+[1-9]\\d*\\s+0\\s+.*");
    }

    @Test
    void aStrategyItDoesNotKnowIsRefusedNamingTheChoices() {
        java.io.StringWriter out = new java.io.StringWriter();
        int code = Horizon.run(new String[] {"demo", "--strategy", "sideways", "--state-dir",
            dir.resolve("s").toString()}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(out, true));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("horizon: Invalid value for option '--strategy': 'sideways' (expected: "
            + "horizontal, vertical, vertical-first, horizontal-first or cheapest) (see horizon --help)\n");
        assertThat(dir.resolve("s")).doesNotExist();
    }

    @Test
    void aTakenPortIsRefusedBeforeAnythingStarts() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            java.io.StringWriter out = new java.io.StringWriter();
            int code = Horizon.run(new String[] {"demo", "--port", Integer.toString(taken.getLocalPort()),
                "--state-dir", dir.resolve("s").toString(), "--jar", ShopFleetContract.DEMO_JAR.toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(out, true));
            assertThat(code).isEqualTo(2);
            assertThat(out.toString()).isEqualTo("horizon demo: --port " + taken.getLocalPort() + ": 127.0.0.1:"
                + taken.getLocalPort() + " is in use (another horizon demo?); choose a free port with --port\n");
        }
        assertThat(dir.resolve("s")).doesNotExist();
    }

    @Test
    void ctrlCStopsTheStackAndLeavesNoProcess() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = java(lines, demo("--no-traffic").toArray(String[]::new));
        readUntil(lines, p, "Ctrl-C stops everything", 120);
        Set<ProcessHandle> instances = instancesOf(p);
        assertThat(instances).hasSize(2);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        List<String> out = readUntil(lines, p, "horizon demo: stopped", 60);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(instances).noneMatch(ProcessHandle::isAlive);
        assertRunRecorded(out, false);
    }
}
