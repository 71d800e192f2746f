package dev.horizon.showcase;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.DecisionLog;
import dev.horizon.autoscale.Shape;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.Cpu;
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

    /**
     * What one phase did, for the summary; the fleets are as {@link #shape} writes them ({@code 2 × 250m}).
     */
    record PhaseResult(TrafficPlan.Phase phase, Duration ran, long requests, long errors, double p95Millis,
                       String atStart, String atEnd, String peak) {
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
        b.append(String.format(Locale.ROOT, "%-5s %s  users %3d | instances %d ready%s", phase.name(),
            clock(elapsed), users, fleet.ready(), size(fleet)));
        int coming = fleet.starting() + fleet.warming();
        if (fleet.warming() > 0 || fleet.starting() > 0) {
            b.append(String.format(Locale.ROOT, " +%d starting", coming));
        }
        if (fleet.draining() > 0) {
            b.append(String.format(Locale.ROOT, " -%d draining", fleet.draining()));
        }
        if (fleet.replacing() != null) {
            b.append(" (replacing for a resize)");
        }
        b.append(String.format(Locale.ROOT, " | %4.0f req/s | p95 %s | errors %d", window.rps(),
            millis(window.p95Millis()), window.errors()));
        if (last != null) {
            b.append(" | last: ").append(TIME.format(last.at())).append(' ').append(shape(last.before()))
                .append(" → ").append(shape(last.after()));
        }
        return b.toString();
    }

    /** What the run will show, in one line, with how the sizes are enforced ({@code limits}). */
    static String story(Strategy strategy, String limits) {
        if (strategy == Strategy.HORIZONTAL) {
            return "the shop scales horizontal: " + DemoConfig.MIN + " to " + DemoConfig.MAX + " instances of no fixed "
                + "size, on requests per second (--strategy vertical-first shows growing in place first)";
        }
        String how = strategy == Strategy.VERTICAL_FIRST ? "grow in place up to " + DemoConfig.MAX_CPU
            + " each, then clone up to " + DemoConfig.MAX + " instances" : "change size (" + DemoConfig.START_CPU
            + ".." + DemoConfig.MAX_CPU + ") and count (" + DemoConfig.MIN + ".." + DemoConfig.MAX + ") as "
            + strategy.text() + " decides";
        return "the shop scales " + strategy.text() + ": " + DemoConfig.MIN + " instances start at "
            + DemoConfig.START_CPU + " CPU and " + DemoConfig.MEMORY + ", " + how + ", on CPU at "
            + DemoConfig.TARGET_CPU + " % of their size (--strategy horizontal for the count only); " + limits;
    }

    /** {@code  × 250m} for a fleet whose instances have a CPU size, else nothing. */
    private static String size(FleetStatus fleet) {
        Cpu cpu = fleet.size().cpu();
        return cpu == null ? "" : " × " + cpu;
    }

    /** {@code 2 × 250m}, or {@code 2} without a CPU size. */
    static String shape(Shape s) {
        Cpu cpu = s.size().cpu();
        return cpu == null ? Integer.toString(s.count()) : s.count() + " × " + cpu;
    }

    /** The larger of two fleets by the CPU they have in all (count × CPU; an instance without a size counts as one). */
    static Shape larger(Shape a, Shape b) {
        return capacity(b) > capacity(a) ? b : a;
    }

    private static long capacity(Shape s) {
        Cpu cpu = s.size().cpu();
        return s.count() * (cpu == null ? 1 : cpu.millicores());
    }

    /** The instances in service now, as {@link #shape(Shape)} writes them. */
    static Shape inService(FleetStatus fleet) {
        return new Shape(fleet.size(), fleet.ready());
    }

    /** A scaling or resizing event as its own line: {@code 12:00:03 resized 250m → 500m: CPU at 92 % …}. */
    static String event(Decision d) {
        String why = d.explanation();
        return String.format(Locale.ROOT, "  %s %s: %s", TIME.format(d.at()), DecisionLog.what(d),
            why.length() > 260 ? why.substring(0, 257) + "..." : why);
    }

    /** The summary table. */
    static List<String> summary(List<PhaseResult> phases, long totalRequests, long totalErrors, double totalP95,
                                String peak) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9s %7s %8s %10s  %s", "phase", "time", "users",
            "requests", "errors", "req/s", "p95", "instances"));
        for (PhaseResult r : phases) {
            double seconds = Math.max(0.001, r.ran().toMillis() / 1000.0);
            lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9d %7d %8.1f %10s  %s → %s (peak %s)",
                r.phase().name(), clock(r.ran()), r.phase().usersText(), r.requests(), r.errors(),
                r.requests() / seconds, millis(r.p95Millis()), r.atStart(), r.atEnd(), r.peak()));
        }
        lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9d %7d %8s %10s  peak %s", "total", "", "",
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
