package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One target-tracking evaluation of a given case, with no history but the one the case gives: what
 * {@code horizon autoscale what-if} prints.
 *
 * <p>The metric proposes (or the case's {@code raw} recommendation stands in for it), the stabilization window looks
 * at the case's history plus that recommendation (none: it stands), the rate limits count the case's events, and the
 * result is clamped to the case's bounds. A current count outside the bounds goes straight to the nearest bound.
 */
public final class WhatIf {

    /** The instant the case's ages count back from; any instant would do. */
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private WhatIf() {
    }

    /**
     * Something that happened {@code age} before the evaluation: a raw recommendation of {@code value}, or a scale
     * event of {@code value} instances (negative for a scale-down).
     *
     * @param age   how long before the evaluation, not negative
     * @param value the recommendation or the change
     */
    public record Past(Duration age, int value) {
        /** Validates the age. */
        public Past {
            if (age.isNegative()) {
                throw new IllegalArgumentException("age: " + DurationText.format(age) + " (expected: >= 0s)");
            }
        }
    }

    /**
     * A case.
     *
     * @param current   the count now
     * @param min       the minimum
     * @param max       the maximum
     * @param tolerance the tolerance
     * @param metric    the metric and its target
     * @param reading   what the metric read
     * @param ready     ready instances, for a service-wide value target
     * @param behavior  stabilization and rate limits
     * @param history   past raw recommendations
     * @param events    past scale events
     * @param raw       a raw recommendation to start from instead of the metric's proposal, or null
     */
    public record Case(int current, int min, int max, Tolerance tolerance, MetricSpec metric, MetricReading reading,
                       int ready, Behavior behavior, List<Past> history, List<Past> events, @Nullable Integer raw) {
        /** Validates the counts; copies the lists. */
        public Case {
            Objects.requireNonNull(tolerance, "tolerance");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(reading, "reading");
            Objects.requireNonNull(behavior, "behavior");
            if (current < 0) {
                throw new IllegalArgumentException("current: " + current + " (expected: >= 0)");
            }
            if (min < 0) {
                throw new IllegalArgumentException("min: " + min + " (expected: >= 0)");
            }
            if (max < Math.max(1, min)) {
                throw new IllegalArgumentException("max: " + max + " (expected: >= " + Math.max(1, min) + ")");
            }
            if (ready < 0) {
                throw new IllegalArgumentException("ready: " + ready + " (expected: >= 0)");
            }
            if (raw != null && raw < 0) {
                throw new IllegalArgumentException("raw: " + raw + " (expected: >= 0)");
            }
            history = List.copyOf(history);
            events = List.copyOf(events);
        }
    }

    /**
     * The outcome.
     *
     * @param desired     the count after stabilization, rate limits and bounds
     * @param raw         the recommendation before them
     * @param utilization the utilization percent for a utilization target, else null
     * @param reason      how it came about, in plain words
     */
    public record Result(int desired, int raw, @Nullable Integer utilization, String reason) {
        /** {@code {"desired": 5, "raw": 5, "utilization": 50, "reason": "..."}}, utilization only when known. */
        public String toJson() {
            return "{\"desired\": " + desired + ", \"raw\": " + raw
                + (utilization == null ? "" : ", \"utilization\": " + utilization)
                + ", \"reason\": " + Json.string(reason) + "}";
        }
    }

    /**
     * The outcome in both dimensions.
     *
     * @param count  the count's outcome, as {@link #evaluate(Case)} gives it from the planned count
     * @param before the size the case starts from
     * @param size   the size the strategy plans (a case has no size history, so no stabilization applies)
     * @param reason the count's reason with the strategy's words
     */
    public record Sized(Result count, Resources before, Resources size, String reason) {
        /** {@code {"desired": 3, "raw": 3, "utilization": 150, "sizeBefore": "1000m", "size": "2000m", ...}}. */
        public String toJson() {
            return "{\"desired\": " + count.desired() + ", \"raw\": " + count.raw()
                + (count.utilization() == null ? "" : ", \"utilization\": " + count.utilization())
                + ", \"sizeBefore\": " + Json.string(before.brief()) + ", \"size\": " + Json.string(size.brief())
                + ", \"reason\": " + Json.string(reason) + "}";
        }
    }

    /**
     * Evaluates {@code c} for a service of {@code size} under {@code strategy}: the metric's proposal becomes the CPU
     * needed, the strategy plans the pair, and the planned count goes through {@link #evaluate(Case)}. The memory is
     * left as it is (a case has no usage history for the recommender).
     *
     * @throws IllegalArgumentException when {@code size} has no CPU limit
     */
    public static Sized evaluate(Case c, Strategy strategy, VerticalPolicy vertical, Resources size) {
        Cpu cpu = size.cpu();
        if (cpu == null) {
            throw new IllegalArgumentException("size: " + size.brief() + " (expected: a CPU limit)");
        }
        Proposal p = TargetTracking.propose(c.metric(), c.reading(), c.current(), c.ready(), c.tolerance());
        if (strategy == Strategy.HORIZONTAL || p.isEmpty() || c.raw() != null || c.current() < c.min()
            || c.current() > c.max()) {
            Result r = evaluate(c);
            return new Sized(r, size, size, r.reason());
        }
        double capacity = Capacity.of(List.of(c.metric()), c.tolerance(), List.of(p),
            Map.of(c.metric().name(), c.reading()), c.current(), cpu.millicores(), vertical.baseCpu().millicores());
        SizeLadder ladder = SizeLadder.of(vertical, size.memory());
        SizeLadder.Rung rung = ladder.rungs().stream().filter(r -> r.millicores() == cpu.millicores()).findFirst()
            .orElse(new SizeLadder.Rung(size, null, cpu.cores()));
        ShapePlanner.Plan plan = ShapePlanner.plan(strategy, capacity, ladder, rung, c.current(), c.min(), c.max());
        Result r = evaluate(new Case(c.current(), c.min(), c.max(), c.tolerance(), c.metric(), c.reading(),
            c.ready(), c.behavior(), c.history(), c.events(), plan.count()));
        String reason = plan.why().isEmpty() ? p.reason() : p.reason() + "; " + plan.why();
        String rest = r.reason().replaceFirst("^raw recommendation \\d+", "");
        return new Sized(new Result(r.desired(), r.raw(), p.utilization(), reason + rest), size, plan.size().size(),
            reason + rest);
    }

    /** Evaluates {@code c}. */
    public static Result evaluate(Case c) {
        int current = c.current();
        Decision.Bounds bounds = new Decision.Bounds(c.min(), c.max(), List.of());
        if (current > c.max() || current < c.min()) {
            Decision.Stage clamp = bounds.clamp(current);
            return new Result(clamp.after(), clamp.after(), null, "the count " + current + " is outside " + c.min()
                + ".." + c.max() + "; " + clamp.note());
        }
        Integer given = c.raw();
        Proposal p = given != null ? new Proposal("raw", given, Double.NaN, null, Double.NaN,
            "raw recommendation " + given)
            : TargetTracking.propose(c.metric(), c.reading(), current, c.ready(), c.tolerance());
        Integer proposed = p.replicas();
        if (proposed == null) {
            return new Result(current, current, null, p.reason() + " → stays " + current);
        }
        StabilizationWindow window = new StabilizationWindow();
        c.history().stream().sorted(Comparator.comparing(Past::age).reversed())
            .forEach(h -> window.record(NOW.minus(h.age()), h.value()));
        ScaleEvents events = new ScaleEvents();
        c.events().stream().sorted(Comparator.comparing(Past::age).reversed())
            .forEach(e -> events.record(NOW.minus(e.age()), e.value(), c.behavior()));
        Decision.Stage stabilization = window.stabilize(NOW, current, proposed, c.behavior());
        Decision.Stage rate = events.limit(NOW, current, stabilization.after(), c.behavior());
        Decision.Stage clamp = bounds.clamp(rate.after());
        List<String> why = new ArrayList<>();
        why.add(p.reason());
        for (Decision.Stage s : List.of(stabilization, rate, clamp)) {
            if (!s.note().isEmpty()) {
                why.add(s.note());
            }
        }
        return new Result(clamp.after(), proposed, p.utilization(), String.join("; ", why));
    }
}
