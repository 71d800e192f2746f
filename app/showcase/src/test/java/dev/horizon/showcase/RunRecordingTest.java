package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.control.ManagedInstances;
import dev.horizon.control.RolloutRecord;
import dev.horizon.sizing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a demo run leaves in its state directory: the trace, the instance timeline and the phases. */
class RunRecordingTest {

    private static final long T = 1_780_000_000L;

    @TempDir
    Path dir;

    private static ManagedInstances.Instance instance(String id, String state, @Nullable Long cpuUsed) {
        return new ManagedInstances.Instance(id, state, "127.0.0.1:1", 10, 0, cpuUsed, "healthy", null, "",
            Resources.of("250m", "512Mi"), null);
    }

    private static ManagedInstances fleet(List<ManagedInstances.Instance> instances, int ready, int starting) {
        return new ManagedInstances("shop", 3, 2, 8, ready, 0, starting, 0, 0, null, null, instances,
            Resources.of("250m", "512Mi"), "cgroup v1", null);
    }

    @Test
    void aFleetSampleCountsTheInstancesByStateAndTheCpuUsedOfWhatTheServingOnesWereGiven() {
        RunRecording.FleetSample s = RunRecording.FleetSample.of(fleet(List.of(instance("shop-1", "in_service", 200L),
            instance("shop-2", "in_service", 100L), instance("shop-3", "starting", null)), 2, 1));

        assertThat(s).isEqualTo(new RunRecording.FleetSample(1, 0, 2, 0, 250L, 60.0));
        assertThat(RunRecording.FleetSample.of(new ManagedInstances("shop", 2, 2, 8, 2, 0, 0, 0, 0, null, null,
            List.of(), Resources.UNLIMITED, "", null))).isEqualTo(new RunRecording.FleetSample(0, 0, 2, 0, null, null));
    }

    @Test
    void writesTheTraceTheTimelineAndThePhasesOneRowPerSecondWithUnknownCellsEmpty() throws Exception {
        RunRecording r = new RunRecording(T);
        r.sample(T, new RunRecording.FleetSample(0, 0, 2, 0, 250L, 41.5));
        r.sample(T, new RunRecording.FleetSample(0, 0, 9, 0, 250L, 99.0));
        r.sample(T + 2, new RunRecording.FleetSample(1, 0, 2, 1, 500L, null));
        List<TrafficSecond> traffic = List.of(new TrafficSecond(T, 12, 11, 1, 0, 20.479, 45.055, 61.439),
            new TrafficSecond(T + 1, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN),
            new TrafficSecond(T + 2, 7, 6, 0, 1, 3.0, 3.5, 4.0));
        TrafficPlan.Phase ramp = new TrafficPlan.Phase("ramp", Duration.ZERO, Duration.ofSeconds(4), 1, 2);
        List<DemoReport.PhaseResult> phases = List.of(new DemoReport.PhaseResult(ramp, 0.4375,
            Duration.ofMillis(4000), 38, 0, 45.055, "2 × 250m", "2 × 500m", "2 × 500m",
            new DemoReport.Sessions(0, 1, Map.of("2", 8L, "1", 30L)), new DemoReport.Refused(3, 4)));

        List<Path> files = r.write(dir, traffic, phases, null);

        assertThat(files).containsExactly(dir.resolve("trace.csv"), dir.resolve("instances.csv"),
            dir.resolve("phases.json"));
        assertThat(Files.readString(files.get(0))).isEqualTo("seconds,rps\n0,12\n1,0\n2,7\n");
        assertThat(Files.readString(files.get(1))).isEqualTo(RunRecording.TIMELINE_HEADER + "\n"
            + "0,12,11,1,0,20.479,45.055,61.439,2,0,0,2,0,250,41.5,\n"
            + "1,0,0,0,0,,,,,,,,,,,\n"
            + "2,7,6,0,1,3,3.5,4,4,1,0,2,1,500,,\n");
        assertThat(Files.readString(files.get(2))).isEqualTo("{\"phases\": [\n"
            + "  {\"phase\": \"ramp\", \"start-seconds\": 0, \"began-seconds\": 0.438, \"seconds\": 4, "
            + "\"users\": \"1→2\", \"requests\": 38, "
            + "\"errors\": 0, \"rps\": 9.5, \"p95-ms\": 45.055, \"rate-limited\": 3, \"shed\": 4, "
            + "\"instances-at-start\": \"2 × 250m\", "
            + "\"instances-at-end\": \"2 × 500m\", \"instances-peak\": \"2 × 500m\", \"logged-out\": 0, "
            + "\"carts-lost\": 1, \"versions\": {\"1\": 30, \"2\": 8}}\n]}\n");
    }

    @Test
    void aRunWithoutTrafficHasNoPhasesAndFleetRowsBeyondTheTrafficStillCount() throws Exception {
        RunRecording r = new RunRecording(T);
        r.sample(T + 1, new RunRecording.FleetSample(0, 0, 2, 0, null, null));
        r.sample(T - 5, new RunRecording.FleetSample(0, 0, 7, 0, null, null));

        List<Path> files = r.write(dir, List.of(new TrafficSecond(T, 0, 0, 0, 0, Double.NaN, Double.NaN,
            Double.NaN)), List.of(), null);

        assertThat(Files.readString(files.get(0))).isEqualTo("seconds,rps\n0,0\n");
        assertThat(Files.readString(files.get(1))).isEqualTo(RunRecording.TIMELINE_HEADER + "\n"
            + "0,0,0,0,0,,,,,,,,,,,\n" + "1,,,,,,,,2,0,0,2,0,,,\n");
        assertThat(Files.readString(files.get(2))).isEqualTo("{\"phases\": []}\n");
    }

    @Test
    void theRolloutOfADeployGoesIntoThePhasesFileWithTheTrafficDuringIt() {
        TrafficStats during = new TrafficStats();
        during.ok(1_000_000);
        during.answeredBy("1");
        during.failed(2_000_000, 401, "GET /orders: status 401");
        during.answeredBy("2");
        during.loggedOut();
        RolloutRecord record = new RolloutRecord("shop", "canary", 1, 2, "promoted", 100, 2, 2,
            "promoted: r2 serves every request; r1 drains", "2026-05-01T10:00:00Z", 0, 0, null, List.of());

        assertThat(RunRecording.phasesJson(List.of(), new RolloutWatch.Result("canary", Duration.ofMillis(60_250),
            Duration.ofMillis(101_500), record, null, during))).isEqualTo("{\"phases\": [],\n\"rollout\": "
            + "{\"strategy\": \"canary\", \"stable\": 1, \"revision\": 2, \"phase\": \"promoted\", \"weight\": 100, "
            + "\"reason\": \"promoted: r2 serves every request; r1 drains\", \"deployed-seconds\": 60.25, "
            + "\"ended-seconds\": 101.5, \"refused\": null, \"requests\": 2, \"errors\": 1, \"logged-out\": 1, "
            + "\"carts-lost\": 0, \"versions\": {\"1\": 1, \"2\": 1}}}\n");
        assertThat(RunRecording.phasesJson(List.of(), new RolloutWatch.Result("rolling", null, null, null,
            "shop: r1 runs that already", new TrafficStats()))).isEqualTo("{\"phases\": [],\n\"rollout\": "
            + "{\"strategy\": \"rolling\", \"stable\": null, \"revision\": null, \"phase\": null, \"weight\": null, "
            + "\"reason\": null, \"deployed-seconds\": null, \"ended-seconds\": null, \"refused\": "
            + "\"shop: r1 runs that already\", \"requests\": 0, \"errors\": 0, \"logged-out\": 0, \"carts-lost\": 0, "
            + "\"versions\": {}}}\n");
    }
}
