package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sim.engine.Timeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code horizon sim}: a service of a horizon.yaml over a trace, its files and summary, and one-line refusals. */
class SimCommandTest {

    private static final String YAML = """
        gateway:
          listen: 127.0.0.1:8080
        routes:
          - service: shop
        services:
          shop:
            balance: least-request
            instances:
              command: [java, -jar, shop.jar]
              resources: { cpu: 500m }
              min: 1
              max: 8
              warmup: 5s
            autoscale:
              metrics:
                - { type: %s, %s }
              behavior:
                scale-down: { stabilization: 30s }
        """;

    private static String[] horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static Path config(Path dir, String type, String target) throws IOException {
        return Files.writeString(dir.resolve("horizon.yaml"), YAML.formatted(type, target));
    }

    @Test
    void simulatesTheServiceAndWritesTheTimelineAndTheSummary(@TempDir Path dir) throws IOException {
        Path config = config(dir, "cpu", "target-utilization: 60");
        Path out = dir.resolve("out");
        String[] r = horizon("sim", "-c", config.toString(), "--trace", "spike:duration=10m", "--service-time", "10ms",
            "--out", out.toString(), "--seed", "7");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[2]).isEmpty();
        List<String> lines = r[1].lines().toList();
        assertThat(lines.get(0)).isEqualTo("horizon sim: shop, trace spike:duration=10m (10m, 114,000 requests, peak "
            + "1,000 rps at 5m), seed 7");
        assertThat(lines.get(1)).startsWith("model: assumed, 10ms of one core per request");
        assertThat(lines.get(2)).startsWith("requests ");
        assertThat(r[1]).contains("autoscaler: ", "the first at ", "wrote " + out.resolve("timeline.csv"));
        List<String> timeline = Files.readAllLines(out.resolve("timeline.csv"));
        assertThat(timeline).hasSize(601);
        assertThat(timeline.getFirst()).isEqualTo(Timeline.HEADER);
        assertThat(timeline.get(1)).startsWith("0,").contains(",500,");
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"requests\" : ", "\"peak-instances\" : ", "\"decisions\" : [");
        // the same seed gives the same files
        Path again = dir.resolve("again");
        horizon("sim", "-c", config.toString(), "--trace", "spike:duration=10m", "--service-time", "10ms",
            "--out", again.toString(), "--seed", "7");
        assertThat(Files.readAllLines(again.resolve("timeline.csv"))).isEqualTo(timeline);
        assertThat(Files.readString(again.resolve("summary.json"))).isEqualTo(summary);
    }

    @Test
    void refusesBadInputInOneLineWithExitCode2(@TempDir Path dir) throws IOException {
        String config = config(dir, "cpu", "target-utilization: 60").toString();
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--service", "shpo")).containsExactly("2", "",
            "horizon sim: --service: 'shpo' has no instances block (expected: one of shop) (did you mean 'shop'?)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spik")[2]).isEqualTo("horizon sim: unknown trace shape "
            + "'spik' (expected: daily | flash-sale | growth | spike, or a CSV file path with a / or a .) (did you "
            + "mean 'spike'?)\n");
        Path model = dir.resolve("nope.json");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--model", model.toString())[2])
            .isEqualTo("horizon sim: " + model + ": no such file\n");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"sizes\": [{\"cpu\": \"1\", \"lamda\": 5}]}");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--model", bad.toString())[2])
            .startsWith("horizon sim: " + bad + ": sizes[0].").contains("lamda");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--out", dir.resolve("out").toString())[0])
            .isEqualTo("0");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--chart", dir.resolve("c.gif").toString()))
            .containsExactly("2", "", "horizon sim: --chart: " + dir.resolve("c.gif") + " (expected: a file ending in "
                + ".svg or .png)\n");
        String prometheus = config(dir, "prometheus", "metric: queue_depth, target-value: 5").toString();
        assertThat(horizon("sim", "-c", prometheus, "--trace", "spike")).containsExactly("2", "", "horizon sim: "
            + "metric 'prometheus:queue_depth' (type prometheus): the simulator cannot read an instance's own gauges "
            + "(expected: inflight, rps, cpu or latency-p95)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--workers", "0"))
            .containsExactly("2", "", "horizon sim: --workers: 0 (expected: 1..100000)\n");
        assertThat(horizon("sim", "-c", config)).containsExactly("2", "", "horizon sim: --trace: missing (expected: "
            + "a trace CSV or a shape spec such as daily:base=30,peak=300)\n");
    }

    @Test
    void aSharedHostCapsTheInstancesAndIsSaid(@TempDir Path dir) throws IOException {
        String config = config(dir, "cpu", "target-utilization: 60").toString();
        assertThat(hostLine(config, dir.resolve("out"), "--host-reserved", "700m")).isEqualTo("host: 2 CPU shared by "
            + "the instances, 700m of it taken by the rest of the machine: 1300m for the instances, each of 500m");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-reserved", "1"))
            .containsExactly("2", "", "horizon sim: --host-reserved: without --host-cpus (expected: both, or "
                + "neither)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-cpus", "2", "--host-reserved", "2"))
            .containsExactly("2", "", "horizon sim: --host-reserved: 2 (expected: less than --host-cpus 2)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-cpus", "two")[2])
            .startsWith("horizon sim: --host-cpus: two (expected: CPU like");
        assertThat(hostLine(config, dir.resolve("out2"), "--host-reserved", "700m", "--host-start-cpu", "400m"))
            .isEqualTo("host: 2 CPU shared by the instances, 700m of it taken by the rest of the machine, 400m by "
                + "each instance while it starts: 1300m for the instances, each of 500m");
        assertThat(hostLine(config, dir.resolve("out3"), "--host-reserved", "150m", "--host-request-cpu", "1.5ms"))
            .isEqualTo("host: 2 CPU shared by the instances, 150m of it taken by the rest of the machine and 1.5ms "
                + "of CPU more for each request offered: 1850m for the instances with no request offered, each of "
                + "500m");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-request-cpu", "1ms"))
            .containsExactly("2", "", "horizon sim: --host-request-cpu: without --host-cpus (it is a share of the "
                + "host)\n");
        assertThat(hostLine(config, dir.resolve("out4"), "--host-reserved", "700m", "--host-instance-cpu-factor",
            "1.25")).isEqualTo("host: 2 CPU shared by the instances, 700m of it taken by the rest of the machine, "
                + "each instance taking 1.25 times the model's CPU: 1300m for the instances, each of 500m");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-instance-cpu-factor", "2"))
            .containsExactly("2", "", "horizon sim: --host-instance-cpu-factor: without --host-cpus (it is a share of "
                + "the host)\n");
        for (String bad : List.of("0", "-1", "NaN", "Infinity")) {
            String refused = "--host-instance-cpu-factor: " + Double.parseDouble(bad) + " (expected: a number > 0)\n";
            assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-cpus", "2",
                "--host-instance-cpu-factor", bad)).containsExactly("2", "", "horizon sim: " + refused);
            assertThat(horizon("plan", "-c", config, "--trace", "spike", "--host-cpus", "2",
                "--host-instance-cpu-factor", bad)).containsExactly("2", "", "horizon plan: " + refused);
        }
        assertThat(hostLine(config, dir.resolve("out5"), "--host-reserved", "700m", "--host-contention"))
            .isEqualTo("host: 2 CPU shared by the instances, 700m of it taken by the rest of the machine, its cores a "
                + "queue: 1300m for the instances, each of 500m");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-contention"))
            .containsExactly("2", "", "horizon sim: --host-contention: without --host-cpus (it is a share of the "
                + "host)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-cpus", "2500m", "--host-contention"))
            .containsExactly("2", "", "horizon sim: --host-contention: --host-cpus 2500m (expected: whole cores, the "
                + "servers of their queue)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-start-cpu", "400m"))
            .containsExactly("2", "", "horizon sim: --host-start-cpu: without --host-cpus (it is a share of the "
                + "host)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--host-cpus", "2", "--host-start-cpu", "lots")[2])
            .startsWith("horizon sim: --host-start-cpu: lots (expected: CPU like");
    }

    /** A 10-minute spike on 2 shared CPUs with {@code hostArgs}, which must succeed: its third line, the host's. */
    private static String hostLine(String config, Path out, String... hostArgs) {
        List<String> args = new ArrayList<>(List.of("sim", "-c", config, "--trace", "spike:duration=10m",
            "--service-time", "10ms", "--out", out.toString(), "--host-cpus", "2"));
        args.addAll(List.of(hostArgs));
        String[] r = horizon(args.toArray(String[]::new));
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        return r[1].lines().toList().get(2);
    }

    @Test
    void aRecordedTraceIsReplayedCountForCount(@TempDir Path dir) throws IOException {
        String config = config(dir, "cpu", "target-utilization: 60").toString();
        Path trace = Files.writeString(dir.resolve("trace.csv"), "seconds,rps\n0,7\n1,0\n2,31\n3,12\n");
        String[] r = horizon("sim", "-c", config, "--trace", trace.toString(), "--arrivals", "replay", "--out",
            dir.resolve("out").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1].lines().findFirst().orElseThrow()).endsWith(", seed 1, each second's count replayed");
        assertThat(Files.readAllLines(dir.resolve("out/timeline.csv")).stream().skip(1)
            .map(line -> line.split(",")[1]).toList()).containsExactly("7", "0", "31", "12");
        String[] phases = horizon("sim", "-c", config, "--trace", trace.toString(), "--arrivals", "replay", "--out",
            dir.resolve("out2").toString(), "--window", "all=0s..4s", "--window", "quiet=1s..2s");
        // the whole trace's window holds what the summary lines say: the requests served, their p50, p95 and p99
        String latency = phases[1].lines().filter(l -> l.startsWith("latency ")).findFirst().orElseThrow();
        String served = phases[1].lines().filter(l -> l.startsWith("requests 50: served ")).findFirst().orElseThrow()
            .split("served ")[1].split(",")[0];
        assertThat(phases[1].lines().filter(l -> l.startsWith("window "))).containsExactly(
            "window all (0s..4s): " + served + " served, 0 shed, 0 failed; "
                + latency.substring("latency ".length(), latency.indexOf(';')),
            "window quiet (1s..2s): 0 served, 0 shed, 0 failed; p50 -, p95 -, p99 -");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--window", "spike:36s-63s"))
            .containsExactly("2", "", "horizon sim: --window: spike:36s-63s (expected: NAME=FROM..TO, e.g. "
                + "spike=36s..63s)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--window", "spike=63s..36s"))
            .containsExactly("2", "", "horizon sim: --window: spike=63s..36s (expected: NAME=FROM..TO with FROM "
                + "before TO, e.g. spike=36s..63s)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--arrivals", "burst"))
            .containsExactly("2", "", "horizon sim: --arrivals: burst (expected: poisson or replay)\n");
    }

    @Test
    void aColdStartIsSaidAndBadValuesAreRefused(@TempDir Path dir) throws IOException {
        String config = config(dir, "cpu", "target-utilization: 60").toString();
        String[] r = horizon("sim", "-c", config, "--trace", "spike:duration=10m", "--service-time", "10ms", "--out",
            dir.resolve("out").toString(), "--cold-factor", "2.5", "--cold-decay", "5s");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1].lines().toList().get(2)).isEqualTo("cold start: a new instance's requests cost 2.5 times "
            + "the work when it is ready, the excess decaying with a time constant of 5s");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--cold-factor", "0.5"))
            .containsExactly("2", "", "horizon sim: --cold-factor: 0.5 (expected: a number >= 1; 1 is none)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--cold-factor", "2", "--cold-decay", "0s"))
            .containsExactly("2", "", "horizon sim: --cold-decay: 0s (expected: more than 0s)\n");
    }

    @Test
    void aColdStartsCpuIsSaidAndBadValuesAreRefused(@TempDir Path dir) throws IOException {
        String config = config(dir, "cpu", "target-utilization: 60").toString();
        String[] r = horizon("sim", "-c", config, "--trace", "spike:duration=10m", "--service-time", "10ms", "--out",
            dir.resolve("out").toString(), "--cold-factor", "2.5", "--cold-decay", "5s", "--cold-cpu-factor", "3",
            "--cold-cpu-decay", "8s");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1].lines().toList().get(2)).isEqualTo("cold start: a new instance's requests cost 2.5 times "
            + "the work when it is ready, the excess decaying with a time constant of 5s; their CPU 3 times the "
            + "model's, the excess decaying with a time constant of 8s");
        r = horizon("sim", "-c", config, "--trace", "spike:duration=10m", "--service-time", "10ms", "--out",
            dir.resolve("out").toString(), "--cold-cpu-factor", "1.5");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1].lines().toList().get(2)).isEqualTo("cold start: a new instance's requests take 1.5 times "
            + "the model's CPU when it is ready, the excess decaying with a time constant of 10s (as fast as a warm "
            + "one's)");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--cold-cpu-factor", "0.9"))
            .containsExactly("2", "", "horizon sim: --cold-cpu-factor: 0.9 (expected: a number >= 1; 1 is none)\n");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--cold-cpu-decay", "5s"))
            .containsExactly("2", "", "horizon sim: --cold-cpu-decay: without --cold-cpu-factor (expected: both, or "
                + "the factor alone, its decay --cold-decay's)\n");
        // plan prints the setup before it simulates: a bad value is refused before anything is printed
        assertThat(horizon("plan", "-c", config, "--trace", "spike", "--cold-cpu-factor", "0.5"))
            .containsExactly("2", "", "horizon plan: --cold-cpu-factor: 0.5 (expected: a number >= 1; 1 is none)\n");
    }

    @Test
    void comparePutsARecordedTimelineInTheChartBesideTheSimulatedOne(@TempDir Path dir) throws IOException {
        String config = config(dir, "cpu", "target-utilization: 60").toString();
        Path recorded = Files.writeString(dir.resolve("instances.csv"), "time,arrivals,served,p95-ms,instances\n"
            + "0,400,400,12.5,2\n1,600,600,,3\n2,500,500,30,3\n");
        Path chart = dir.resolve("c.svg");
        String[] r = horizon("sim", "-c", config, "--trace", "spike:start=30s,length=30s,duration=2m", "--out",
            dir.resolve("out").toString(), "--chart", chart.toString(), "--compare", recorded.toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(Files.readString(chart)).contains(">instances (recorded)<", ">instances (simulated)<");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--compare", recorded.toString()))
            .containsExactly("2", "", "horizon sim: --compare: " + recorded + " (expected: with --chart FILE, where "
                + "it is drawn)\n");
        Path missing = dir.resolve("none.csv");
        assertThat(horizon("sim", "-c", config, "--trace", "spike", "--chart", chart.toString(), "--compare",
            missing.toString())).containsExactly("2", "", "horizon sim: " + missing + ": no such file\n");
    }

    @Test
    void theServicesConcurrencyLimitShedsWhatItsGatewayWouldAndIsSaid(@TempDir Path dir) throws IOException {
        // one instance of 500m at 10 ms a request (50 rps at most) under a fixed limit of 4; its one route is low
        String yaml = YAML.formatted("cpu", "target-utilization: 60").replace("    balance: least-request\n",
            "    balance: least-request\n    concurrency-limit: { max: 4 }\n").replace("  - service: shop\n",
            "  - service: shop\n    priority: low\n").replace("max: 8", "max: 1");
        Path config = Files.writeString(dir.resolve("horizon.yaml"), yaml);
        Path out = dir.resolve("out");
        String[] r = horizon("sim", "-c", config.toString(), "--trace", "spike:start=30s,length=30s,duration=2m",
            "--service-time", "10ms", "--out", out.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1].lines().toList().get(2)).isEqualTo("gateway: concurrency-limit max 4, no queue; every request "
            + "at priority low (the trace does not say which route it came by)");
        assertThat(r[1]).containsPattern("rejected [0-9,]+ \\([0-9,]+ shed by the concurrency limit\\)");
        List<String> timeline = Files.readAllLines(out.resolve("timeline.csv"));
        assertThat(timeline.get(1)).endsWith(",4");
        assertThat(Files.readString(out.resolve("summary.json"))).containsPattern("\"shed\" : [1-9]");
    }
}
