package dev.horizon.showcase;

import dev.horizon.control.ManagedInstances;
import dev.horizon.control.RolloutRecord;
import dev.horizon.sizing.Cpu;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The record of one demo run, written into its state directory at the end (also after Ctrl-C or a failure):
 * {@value #TRACE}, the shop's arrivals per second as the gateway recorded them (the simulator's {@code seconds,rps}
 * trace); {@value #INSTANCES}, the instance timeline, one row per second in the simulator's timeline columns
 * ({@link #TIMELINE_HEADER}), a cell empty when the demo does not know it; and {@value #PHASES}, each phase's
 * requests, errors, p95, shoppers logged out, carts lost and answers by shop version, and the rollout of
 * {@code --deploy}. Times are seconds since the shoppers started.
 */
final class RunRecording {

    static final String TRACE = "trace.csv";
    static final String INSTANCES = "instances.csv";
    static final String PHASES = "phases.json";
    static final String TIMELINE_HEADER = "time,arrivals,served,rejected,timed-out,p50-ms,p95-ms,p99-ms,instances,"
        + "starting,warming,ready,draining,cpu,cpu-utilization,price-per-hour";

    /** The fleet at one second: instances by state, CPU size per instance and the CPU used of it. */
    record FleetSample(int starting, int warming, int ready, int draining, @Nullable Long cpuMillicores,
                       @Nullable Double cpuUtilization) {

        /** The sample of {@code fleet}: utilization over the instances taking requests whose CPU use is known. */
        static FleetSample of(ManagedInstances fleet) {
            Cpu cpu = fleet.size().cpu();
            long used = 0;
            long allocated = 0;
            for (ManagedInstances.Instance i : fleet.instances()) {
                Cpu size = i.size().cpu();
                Long usage = i.cpuMillicores();
                if ((i.state().equals("in_service") || i.state().equals("warming")) && size != null && usage != null) {
                    used += usage;
                    allocated += size.millicores();
                }
            }
            return new FleetSample(fleet.starting(), fleet.warming(), fleet.inService(), fleet.draining(),
                cpu == null ? null : (long) cpu.millicores(), allocated == 0 ? null : 100.0 * used / allocated);
        }
    }

    private final long startEpochSecond;
    private final List<@Nullable FleetSample> fleet = new ArrayList<>();

    /** A record of a run whose shoppers started in {@code startEpochSecond}. */
    RunRecording(long startEpochSecond) {
        this.startEpochSecond = startEpochSecond;
    }

    long startEpochSecond() {
        return startEpochSecond;
    }

    /** Notes the fleet at {@code epochSecond} (the first sample of a second is kept). */
    synchronized void sample(long epochSecond, FleetSample sample) {
        int t = (int) (epochSecond - startEpochSecond);
        if (t < 0) {
            return;
        }
        while (fleet.size() <= t) {
            fleet.add(null);
        }
        if (fleet.get(t) == null) {
            fleet.set(t, sample);
        }
    }

    /**
     * Writes the three files into {@code dir}, each replacing any old one at once, and returns their paths.
     *
     * @param traffic the gateway's seconds from {@link #startEpochSecond} on
     * @param phases  the phases played, empty without traffic
     * @param rollout the rollout of {@code --deploy}, or null without one
     */
    synchronized List<Path> write(Path dir, List<TrafficSecond> traffic, List<DemoReport.PhaseResult> phases,
                                  RolloutWatch.@Nullable Result rollout) throws IOException {
        StringBuilder trace = new StringBuilder("seconds,rps\n");
        StringBuilder timeline = new StringBuilder(TIMELINE_HEADER).append('\n');
        int rows = Math.max(traffic.size(), fleet.size());
        for (int t = 0; t < rows; t++) {
            TrafficSecond s = t < traffic.size() ? traffic.get(t) : null;
            if (s != null) {
                trace.append(t).append(',').append(s.arrivals()).append('\n');
            }
            timeline.append(row(t, s, t < fleet.size() ? fleet.get(t) : null)).append('\n');
        }
        List<Path> written = List.of(dir.resolve(TRACE), dir.resolve(INSTANCES), dir.resolve(PHASES));
        PrivateFiles.write(written.get(0), trace.toString());
        PrivateFiles.write(written.get(1), timeline.toString());
        PrivateFiles.write(written.get(2), phasesJson(phases, rollout));
        return written;
    }

    /** One timeline row. */
    static String row(int time, @Nullable TrafficSecond s, @Nullable FleetSample f) {
        List<String> cells = new ArrayList<>(16);
        cells.add(Integer.toString(time));
        cells.add(s == null ? "" : Long.toString(s.arrivals()));
        cells.add(s == null ? "" : Long.toString(s.served()));
        cells.add(s == null ? "" : Long.toString(s.rejected()));
        cells.add(s == null ? "" : Long.toString(s.timedOut()));
        cells.add(s == null ? "" : number(s.p50Ms()));
        cells.add(s == null ? "" : number(s.p95Ms()));
        cells.add(s == null ? "" : number(s.p99Ms()));
        cells.add(f == null ? "" : Integer.toString(f.starting() + f.warming() + f.ready() + f.draining()));
        cells.add(f == null ? "" : Integer.toString(f.starting()));
        cells.add(f == null ? "" : Integer.toString(f.warming()));
        cells.add(f == null ? "" : Integer.toString(f.ready()));
        cells.add(f == null ? "" : Integer.toString(f.draining()));
        Long cpu = f == null ? null : f.cpuMillicores();
        Double utilization = f == null ? null : f.cpuUtilization();
        cells.add(cpu == null ? "" : Long.toString(cpu));
        cells.add(utilization == null ? "" : number(utilization));
        cells.add(""); // the demo's shop has a size by resources, not a catalogue size with a price
        return String.join(",", cells);
    }

    /**
     * {@code phases.json}: each phase's time, shoppers, requests, errors, rate, p95 and sessions as the shoppers saw
     * them, then the rollout ({@code null} without {@code --deploy}).
     */
    static String phasesJson(List<DemoReport.PhaseResult> phases, RolloutWatch.@Nullable Result rollout) {
        StringBuilder b = new StringBuilder("{\"phases\": [");
        for (int i = 0; i < phases.size(); i++) {
            DemoReport.PhaseResult r = phases.get(i);
            double seconds = Math.max(0.001, r.ran().toMillis() / 1000.0);
            b.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT, "  {\"phase\": %s, "
                + "\"start-seconds\": %d, \"began-seconds\": %s, \"seconds\": %s, \"users\": %s, \"requests\": %d, "
                + "\"errors\": %d, "
                + "\"rps\": %s, \"p95-ms\": %s, "
                + "\"rate-limited\": %d, \"shed\": %d, "
                + "\"instances-at-start\": %s, \"instances-at-end\": %s, \"instances-peak\": %s, %s}",
                quote(r.phase().name()), r.phase().start().toSeconds(), number(r.began()), number(seconds),
                quote(r.phase().usersText()),
                r.requests(), r.errors(), number(r.requests() / seconds), number(r.p95Millis()),
                r.refused().limited(), r.refused().shed(), quote(r.atStart()),
                quote(r.atEnd()), quote(r.peak()), sessions(r.sessions())));
        }
        b.append(phases.isEmpty() ? "]" : "\n]");
        if (rollout != null) {
            b.append(",\n\"rollout\": ").append(rolloutJson(rollout));
        }
        return b.append("}\n").toString();
    }

    /** {@code "logged-out": 0, "carts-lost": 0, "versions": {"1": 120, "2": 30}}. */
    private static String sessions(DemoReport.Sessions s) {
        StringBuilder b = new StringBuilder(64).append("\"logged-out\": ").append(s.loggedOut())
            .append(", \"carts-lost\": ").append(s.cartsLost()).append(", \"versions\": {");
        String sep = "";
        for (var e : s.versions().entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(": ").append(e.getValue());
            sep = ", ";
        }
        return b.append('}').toString();
    }

    /**
     * The rollout: the strategy, the revisions, where it ended (phase, weight, reason), when it was deployed and when
     * every request went to one revision (seconds since the shoppers started, null when not), and the shoppers'
     * traffic in between.
     */
    static String rolloutJson(RolloutWatch.Result r) {
        RolloutRecord record = r.record();
        Duration deployed = r.deployed();
        Duration ended = r.ended();
        String refused = r.refused();
        TrafficStats d = r.during();
        StringBuilder b = new StringBuilder(256).append("{\"strategy\": ").append(quote(r.strategy()));
        b.append(", \"stable\": ").append(record == null ? "null" : Integer.toString(record.stable()));
        b.append(", \"revision\": ").append(record == null ? "null" : Integer.toString(record.revision()));
        b.append(", \"phase\": ").append(record == null ? "null" : quote(record.phase()));
        b.append(", \"weight\": ").append(record == null ? "null" : number(record.weight()));
        b.append(", \"reason\": ").append(record == null ? "null" : quote(record.reason()));
        b.append(", \"deployed-seconds\": ").append(deployed == null ? "null" : number(deployed.toMillis() / 1000.0));
        b.append(", \"ended-seconds\": ").append(ended == null ? "null" : number(ended.toMillis() / 1000.0));
        b.append(", \"refused\": ").append(refused == null ? "null" : quote(refused));
        b.append(", \"requests\": ").append(d.requests()).append(", \"errors\": ").append(d.errors());
        return b.append(", ").append(sessions(DemoReport.Sessions.of(d))).append('}').toString();
    }

    /** A number with at most three decimals and no trailing zeros; empty for NaN. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
