package dev.horizon.showcase;

import dev.horizon.autoscale.Decision;
import dev.horizon.fleet.FleetStatus;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The demo's words on screen: the live status line, scaling events, and the summary table at the end. */
final class DemoReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
        .withZone(ZoneId.systemDefault());

    /** What one phase did, for the summary. */
    record PhaseResult(TrafficPlan.Phase phase, Duration ran, long requests, long errors, double p95Millis,
                       int instancesAtStart, int instancesAtEnd, int peakInstances) {
    }

    /**
     * The traffic the status line shows.
     *
     * @param rps       requests per second over the last second
     * @param p95Millis their p95 latency
     * @param errors    errors since the start
     */
    record Window(double rps, double p95Millis, long errors) {
    }

    private DemoReport() {
    }

    /** The live status line (no newline). */
    static String status(TrafficPlan.Phase phase, Duration elapsed, int users, FleetStatus fleet, Window window,
                         @Nullable Decision last) {
        StringBuilder b = new StringBuilder(160);
        b.append(String.format(Locale.ROOT, "%-5s %s  users %3d | instances %d ready", phase.name(),
            clock(elapsed), users, fleet.ready()));
        int coming = fleet.starting() + fleet.warming();
        if (fleet.warming() > 0 || fleet.starting() > 0) {
            b.append(String.format(Locale.ROOT, " +%d starting", coming));
        }
        if (fleet.draining() > 0) {
            b.append(String.format(Locale.ROOT, " -%d draining", fleet.draining()));
        }
        b.append(String.format(Locale.ROOT, " | %4.0f req/s | p95 %s | errors %d", window.rps(),
            millis(window.p95Millis()), window.errors()));
        if (last != null) {
            b.append(" | last: ").append(TIME.format(last.at())).append(' ').append(last.current()).append('→')
                .append(last.desired());
        }
        return b.toString();
    }

    /** A scaling event as its own line. */
    static String event(Decision d) {
        String why = d.explanation();
        return String.format(Locale.ROOT, "  %s scaled %d → %d: %s", TIME.format(d.at()), d.current(), d.desired(),
            why.length() > 150 ? why.substring(0, 147) + "..." : why);
    }

    /** The summary table. */
    static List<String> summary(List<PhaseResult> phases, long totalRequests, long totalErrors, double totalP95) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9s %7s %8s %10s  %s", "phase", "time", "users",
            "requests", "errors", "req/s", "p95", "instances"));
        int peak = 0;
        for (PhaseResult r : phases) {
            double seconds = Math.max(0.001, r.ran().toMillis() / 1000.0);
            lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9d %7d %8.1f %10s  %d→%d (peak %d)",
                r.phase().name(), clock(r.ran()), r.phase().usersText(), r.requests(), r.errors(),
                r.requests() / seconds, millis(r.p95Millis()), r.instancesAtStart(), r.instancesAtEnd(),
                r.peakInstances()));
            peak = Math.max(peak, r.peakInstances());
        }
        lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9d %7d %8s %10s  peak %d", "total", "", "",
            totalRequests, totalErrors, "", millis(totalP95), peak));
        return lines;
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s / 60 + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
