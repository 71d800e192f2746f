package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How much a service may grow or shrink within a sliding period, counting the scale events inside it (the HPA's
 * {@code HPAScalingPolicy}): by a number of instances, or by a percentage of the count at the period's start.
 *
 * @param kind   instances or percent
 * @param value  how many instances, or what percentage, at least 1
 * @param period the sliding period, 1s..30m
 */
public record RatePolicy(Kind kind, int value, Duration period) {

    /** The longest period the HPA accepts. */
    static final Duration MAX_PERIOD = Duration.ofMinutes(30);

    /** What {@link #value} counts. */
    public enum Kind {
        /** A number of instances. */
        INSTANCES,
        /** A percentage of the count at the start of the period. */
        PERCENT
    }

    /** Validates the value and the period. */
    public RatePolicy {
        Objects.requireNonNull(kind, "kind");
        String key = kind.name().toLowerCase(Locale.ROOT);
        if (value < 1) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: >= 1)");
        }
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("period: " + DurationText.format(period) + " (expected: 1s..30m)");
        }
    }

    /** A policy of {@code value} instances per {@code period}. */
    public static RatePolicy instances(int value, Duration period) {
        return new RatePolicy(Kind.INSTANCES, value, period);
    }

    /** A policy of {@code value} percent per {@code period}. */
    public static RatePolicy percent(int value, Duration period) {
        return new RatePolicy(Kind.PERCENT, value, period);
    }

    /** {@code +4} or {@code +100 %} (signed by {@code up}), as the decision log writes it. */
    String change(boolean up) {
        return (up ? "+" : "-") + value + (kind == Kind.PERCENT ? " %" : "");
    }
}
