package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Step scaling as in EC2 Auto Scaling: when the metric is past {@code threshold}, the step its distance from the
 * threshold falls in says how much to change the capacity.
 *
 * @param metric        the reading it watches (a service-wide value, or the average of the ready instances' samples)
 * @param threshold     the alarm threshold
 * @param type          how a step's adjustment changes the capacity
 * @param steps         contiguous steps, as offsets from the threshold; sorted on construction
 * @param minAdjustment for {@link AdjustmentType#PERCENT_CHANGE_IN_CAPACITY}, the least change a step makes (0: none)
 * @param warmup        how long instances added by a step warm up; while they do, a breach in the same step adds
 *                      nothing more and one in a higher step adds only the difference
 */
public record StepPolicy(String metric, double threshold, AdjustmentType type, List<Step> steps, int minAdjustment,
                         Duration warmup) {

    /** How an adjustment changes the capacity (AWS {@code AdjustmentType}). */
    public enum AdjustmentType {
        /** Add the adjustment (negative removes). */
        CHANGE_IN_CAPACITY,
        /** Add this percentage of the capacity, rounded away from zero below one instance, toward it above. */
        PERCENT_CHANGE_IN_CAPACITY,
        /** Set the capacity to the adjustment. */
        EXACT_CAPACITY
    }

    /**
     * One step: metric offsets from the threshold and the adjustment. Above the threshold the lower bound is inclusive
     * and the upper exclusive; below it the lower bound is exclusive and the upper inclusive.
     *
     * @param lower      the lower offset, null for minus infinity
     * @param upper      the upper offset, null for plus infinity
     * @param adjustment the change (or the capacity, for exact)
     */
    public record Step(@Nullable Double lower, @Nullable Double upper, int adjustment) {
        /** Validates the bounds. */
        public Step {
            if (lower == null && upper == null) {
                throw new IllegalArgumentException("upper: none (expected: a lower or an upper bound)");
            }
            if (lower != null && upper != null && !(lower < upper)) {
                throw new IllegalArgumentException("upper: " + Plain.number(upper) + " (expected: above lower "
                    + Plain.number(lower) + ")");
            }
        }

        /** Whether {@code offset} falls in this step. */
        boolean contains(double offset) {
            if (offset >= 0) {
                return (lower == null || lower <= offset) && (upper == null || offset < upper);
            }
            return (lower == null || lower < offset) && (upper == null || offset <= upper);
        }

        /** {@code [+10, +20)} as the decision log writes it. */
        String describe() {
            return (lower == null ? "(-∞" : "[" + signed(lower)) + ", " + (upper == null ? "+∞)" : signed(upper) + ")");
        }

        private static String signed(double d) {
            return (d >= 0 ? "+" : "") + Plain.number(d);
        }
    }

    /** Validates and sorts the steps. */
    public StepPolicy {
        Objects.requireNonNull(type, "type");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric: '' (expected: a metric name)");
        }
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold: " + threshold + " (expected: a finite number)");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("adjustments: [] (expected: at least one step)");
        }
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing((Step s) -> s.lower() == null ? Double.NEGATIVE_INFINITY : s.lower()));
        for (int i = 1; i < sorted.size(); i++) {
            Step prev = sorted.get(i - 1);
            Step next = sorted.get(i);
            if (!Objects.equals(prev.upper(), next.lower())) {
                throw new IllegalArgumentException("adjustments: " + prev.describe() + " and " + next.describe()
                    + (prev.upper() == null || next.lower() == null || prev.upper() > next.lower() ? " overlap"
                        : " leave a gap") + " (expected: each step starting where the previous one ends)");
            }
        }
        steps = List.copyOf(sorted);
        if (minAdjustment < 0) {
            throw new IllegalArgumentException("min-adjustment: " + minAdjustment + " (expected: >= 0)");
        }
        if (minAdjustment > 0 && type != AdjustmentType.PERCENT_CHANGE_IN_CAPACITY) {
            throw new IllegalArgumentException("min-adjustment: " + minAdjustment
                + " (expected: only with percent adjustments)");
        }
        if (type == AdjustmentType.EXACT_CAPACITY) {
            for (Step s : steps) {
                if (s.adjustment() < 0) {
                    throw new IllegalArgumentException("adjustment: " + s.adjustment()
                        + " (expected: >= 0 for an exact capacity)");
                }
            }
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup: " + DurationText.format(warmup) + " (expected: >= 0s)");
        }
    }

    /** The index of the step {@code value} falls in, or -1 when it is in none. */
    int stepOf(double value) {
        double offset = value - threshold;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(offset)) {
                return i;
            }
        }
        return -1;
    }

    /** The capacity step {@code i} sets from {@code capacity}. */
    int apply(int i, int capacity) {
        int adjustment = steps.get(i).adjustment();
        return switch (type) {
            case CHANGE_IN_CAPACITY -> capacity + adjustment;
            case EXACT_CAPACITY -> adjustment;
            case PERCENT_CHANGE_IN_CAPACITY -> {
                int change = roundPercent(capacity * adjustment / 100.0);
                if (adjustment != 0 && Math.abs(change) < minAdjustment) {
                    change = Integer.signum(adjustment) * minAdjustment;
                }
                yield capacity + change;
            }
        };
    }

    /** AWS rounding of a percentage change: above 1 down, (0, 1) to 1, (-1, 0) to -1, below -1 up. */
    static int roundPercent(double change) {
        if (change >= 1) {
            return (int) Math.floor(change);
        }
        if (change > 0) {
            return 1;
        }
        if (change <= -1) {
            return (int) Math.ceil(change);
        }
        return change < 0 ? -1 : 0;
    }

    /** {@code +10 %}, {@code +2}, {@code = 6}: step {@code i}'s adjustment in words. */
    String describe(int i) {
        int a = steps.get(i).adjustment();
        return switch (type) {
            case CHANGE_IN_CAPACITY -> (a >= 0 ? "+" : "") + a;
            case PERCENT_CHANGE_IN_CAPACITY -> (a >= 0 ? "+" : "") + a + " %";
            case EXACT_CAPACITY -> "= " + a;
        };
    }

}
