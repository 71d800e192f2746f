package dev.horizon.showcase;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.DecisionLog;
import dev.horizon.autoscale.Shape;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.Cpu;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.control.RolloutRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The demo's words on screen: the live status line, scaling events, and the summary table at the end. */
final class DemoReport {

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
        .withZone(ZoneId.systemDefault());

    /**
     * What one phase did, for the summary; the fleets are as {@link #shape} writes them ({@code 2 × 250m}).
     * {@code began} is when it really began, in seconds from the recorded trace's second 0 (the plan's whole second
     * plus the start's fraction of a second and the playback's tick); {@code sessions} holds the phase's shoppers
     * found logged out, carts lost and answers by shop version; {@code refused} the errors that were the gateway's
     * 429s and 503s.
     */
    record PhaseResult(TrafficPlan.Phase phase, double began, Duration ran, long requests, long errors,
                       double p95Millis, String atStart, String atEnd, String peak, Sessions sessions,
                       Refused refused) {
    }

    /**
     * The requests the gateway refused to protect the shop, counted among the errors.
     *
     * @param limited answered 429: over the per-client rate limit on {@code POST /login}
     * @param shed    answered 503: shed over the shop's concurrency limit (or no instance could take them)
     */
    record Refused(long limited, long shed) {

        static Refused of(TrafficStats stats) {
            return new Refused(stats.limitedCount(), stats.shedCount());
        }

        /** {@code  (429 × 12, 503 × 40)}, or nothing when there were none. */
        String note() {
            return limited == 0 && shed == 0 ? ""
                : String.format(Locale.ROOT, " (429 × %d, 503 × %d)", limited, shed);
        }
    }

    /**
     * What the shoppers saw of their sessions over a stretch of traffic.
     *
     * @param loggedOut times a logged-in shopper found itself logged out
     * @param cartsLost times a cart held less than was put in
     * @param versions  answers by shop version ({@code X-Version}), sorted by version
     */
    record Sessions(long loggedOut, long cartsLost, Map<String, Long> versions) {

        /** Copies the map. */
        Sessions {
            versions = Collections.unmodifiableMap(new TreeMap<>(versions));
        }

        static Sessions of(TrafficStats stats) {
            return new Sessions(stats.loggedOutCount(), stats.cartsLostCount(), stats.versions());
        }
    }

    /**
     * The traffic the status line shows.
     *
     * @param rps       requests per second over the last second
     * @param p95Millis their p95 latency
     * @param errors    errors since the start
     * @param refused   the 429s and 503s among them
     */
    record Window(double rps, double p95Millis, long errors, Refused refused) {
    }

    private DemoReport() {
    }

    /** The live status line (no newline). */
    static String status(TrafficPlan.Phase phase, Duration elapsed, int users, FleetStatus fleet, Window window,
                         @Nullable Decision last, String rollout) {
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
        b.append(String.format(Locale.ROOT, " | %4.0f req/s | p95 %s | errors %d%s", window.rps(),
            millis(window.p95Millis()), window.errors(), window.refused().note()));
        if (last != null) {
            b.append(" | last: ").append(TIME.format(last.at())).append(' ').append(shape(last.before()))
                .append(" → ").append(shape(last.after()));
        }
        if (!rollout.isEmpty()) {
            b.append(" | ").append(rollout);
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
    static List<String> summary(List<PhaseResult> phases, TrafficStats total, String peak) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9s %7s %6s %6s %8s %10s  %s", "phase", "time", "users",
            "requests", "errors", "429", "503", "req/s", "p95", "instances"));
        for (PhaseResult r : phases) {
            double seconds = Math.max(0.001, r.ran().toMillis() / 1000.0);
            lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9d %7d %6d %6d %8.1f %10s  %s → %s (peak %s)",
                r.phase().name(), clock(r.ran()), r.phase().usersText(), r.requests(), r.errors(),
                r.refused().limited(), r.refused().shed(), r.requests() / seconds, millis(r.p95Millis()),
                r.atStart(), r.atEnd(), r.peak()));
        }
        lines.add(String.format(Locale.ROOT, "%-6s %7s %7s %9d %7d %6d %6d %8s %10s  peak %s", "total", "", "",
            total.requests(), total.errors(), total.limitedCount(), total.shedCount(), "", millis(total.p95Millis()),
            peak));
        return lines;
    }

    /** A rollout's state in one line: {@code canary r1 → r2: progressing at 20% (step 1/2): REASON}. */
    static String rolloutState(RolloutRecord r) {
        return rolloutHead(r) + ": " + localTimes(r.reason());
    }

    /** {@code canary r1 → r2: progressing at 20% (step 1/2)}. */
    private static String rolloutHead(RolloutRecord r) {
        return String.format(Locale.ROOT, "%s r%d → r%d: %s at %s%s", r.strategy(), r.stable(), r.revision(),
            r.phase(), percent(r.weight()), r.steps() == 0 ? "" : " (step " + r.step() + "/" + r.steps() + ")");
    }

    /** The status line's note on a rollout: {@code canary r2 20%}. */
    static String rolloutNote(RolloutRecord r) {
        return r.strategy() + " r" + r.revision() + " " + percent(r.weight())
            + (r.phase().equals("progressing") ? "" : " " + r.phase());
    }

    /** A rollout event as its own line, as the scaling events are: {@code   12:00:03 rollout …}. */
    static String rolloutEvent(Instant at, String what) {
        return "  " + TIME.format(at) + " rollout " + what;
    }

    /** An analysis verdict of the rollout record ({@code INSTANT pass: …}) without its instant. */
    static String verdict(String recorded) {
        int space = recorded.indexOf(' ');
        return localTimes(space < 0 ? recorded : recorded.substring(space + 1));
    }

    /** ISO-8601 instants in a rollout's words ({@code until 2026-01-01T12:00:03.5Z}) as local {@code 12:00:03}. */
    static String localTimes(String text) {
        return INSTANT.matcher(text).replaceAll(m -> TIME.format(Instant.parse(m.group())));
    }

    /** {@code 20%}, {@code 2.5%}. */
    static String percent(double weight) {
        return weight == Math.rint(weight) ? (long) weight + "%" : weight + "%";
    }

    /** The summary's line on the shoppers' sessions: {@code shoppers  0 logged out, 0 carts lost}. */
    static String sessions(TrafficStats total) {
        return String.format(Locale.ROOT, "%-9s %d logged out, %d %s lost", "shoppers", total.loggedOutCount(),
            total.cartsLostCount(), total.cartsLostCount() == 1 ? "cart" : "carts");
    }

    /**
     * The summary's lines on a {@code --deploy}: what was shipped and where the rollout ended, its reason, then the
     * shoppers' traffic during it with the share each version answered.
     */
    static List<String> rollout(RolloutWatch.Result r, TrafficStats total) {
        String indent = " ".repeat(10);
        RolloutRecord record = r.record();
        Duration deployed = r.deployed();
        if (r.refused() != null || deployed == null || record == null) {
            return List.of(String.format(Locale.ROOT, "%-9s %s: %s", "rollout", r.strategy(), r.refused() != null
                ? "refused: " + r.refused() : deployed == null ? "not deployed: the run ended first"
                : "deployed at " + clock(deployed) + "; no rollout seen"));
        }
        Duration ended = r.ended();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-9s %s; %s=%s deployed at %s, %s", "rollout", rolloutHead(record),
            DemoConfig.VERSION_VARIABLE, RolloutWatch.NEXT_VERSION, clock(deployed), ended == null
                ? "not over when the shoppers stopped" : "over at " + clock(ended) + " (" + ended.minus(deployed)
                .toSeconds() + "s)"));
        lines.add(indent + localTimes(record.reason()));
        TrafficStats d = r.during();
        lines.add(String.format(Locale.ROOT, "%sduring it: %d requests, %d errors, %d logged out, %d carts lost; "
            + "answered by %s", indent, d.requests(), d.errors(), d.loggedOutCount(), d.cartsLostCount(),
            shares(d.versions())));
        lines.add(indent + "whole run: answered by " + shares(total.versions()));
        return lines;
    }

    /** {@code version 1 58.8 %, version 2 41.2 %} (of the answers that named a version). */
    static String shares(Map<String, Long> versions) {
        long all = versions.values().stream().mapToLong(Long::longValue).sum();
        if (all == 0) {
            return "no version (no answers)";
        }
        List<String> parts = new ArrayList<>();
        versions.forEach((v, n) -> parts.add(String.format(Locale.ROOT, "version %s %.1f %%", v, 100.0 * n / all)));
        return String.join(", ", parts);
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s / 60 + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
