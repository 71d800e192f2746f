package dev.horizon.balance;

import dev.horizon.duration.DurationText;
import java.time.Duration;

/**
 * Validation of configured durations: every state machine here computes in nanoseconds of a monotonic clock, so a
 * duration must also fit in a {@code long} of nanoseconds (about 292 years).
 */
final class ConfigDurations {

    private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private ConfigDurations() {
    }

    /** Throws unless {@code value} is positive and fits in nanoseconds; messages start with {@code name}. */
    static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + DurationText.format(value) + " (expected: > 0)");
        }
        requireNanos(name, value);
    }

    /** Throws unless {@code value} is zero or positive and fits in nanoseconds; messages start with {@code name}. */
    static void requireNonNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + DurationText.format(value) + " (expected: >= 0)");
        }
        requireNanos(name, value);
    }

    private static void requireNanos(String name, Duration value) {
        if (value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + ": " + DurationText.format(value) + " (expected: <= "
                + DurationText.format(MAX) + ")");
        }
    }
}
