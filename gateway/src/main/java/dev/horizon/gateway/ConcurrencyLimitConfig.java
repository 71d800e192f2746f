package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import dev.horizon.limit.ConcurrencyLimit;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code concurrency-limit} in {@code horizon.yaml}: how many of its requests may be in flight at once.
 * A request over the limit is answered 503 with {@code Retry-After} at once, or waits in a short bounded queue until
 * a request ends or its deadline passes; routes of {@linkplain Priority lower priority} are refused first.
 *
 * @param algorithm  how the limit is set: fixed at {@code max}, or adapted to the service's latency between
 *                   {@code min} and {@code max}
 * @param min        the lowest an adaptive limit goes, and where it starts; equal to {@code max} for a fixed one
 * @param max        the fixed limit, or the highest an adaptive one goes
 * @param timeout    AIMD only: an answer slower than this counts as a drop (Netflix's AIMDLimit default, 5 s)
 * @param queue      the waiting line for requests over the limit, or null to refuse them at once
 * @param retryAfter the {@code Retry-After} of a refused request, in whole seconds (at least 1 s)
 */
public record ConcurrencyLimitConfig(Algorithm algorithm, int min, int max, Duration timeout, @Nullable Queue queue,
    Duration retryAfter) {

    /** AIMD's default timeout (Netflix's). */
    public static final Duration AIMD_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@code retry-after}. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** The default adaptive range, Netflix's Gradient2 and AIMD defaults. */
    public static final int ADAPTIVE_MIN = 20;
    /** See {@link #ADAPTIVE_MIN}. */
    public static final int ADAPTIVE_MAX = 200;

    /** How the limit is set. */
    public enum Algorithm {
        /** {@code max: N}: never changes. */
        FIXED,
        /** {@code adaptive: gradient2}: Netflix's Gradient2, the ratio of long-term to current latency. */
        GRADIENT2,
        /** {@code adaptive: aimd}: +1 per answer while half used, ×0.9 on a timeout. */
        AIMD
    }

    /**
     * The bounded waiting line of {@code queue: { size, timeout }}: at most {@code size} requests wait, each at most
     * {@code timeout}; a freed place goes to the oldest waiting request of the highest priority.
     *
     * @param size    the most requests waiting, at least 1
     * @param timeout how long one waits before it is answered 503, positive
     */
    public record Queue(int size, Duration timeout) {

        /** Validates the components. */
        public Queue {
            Objects.requireNonNull(timeout, "timeout");
            if (size < 1 || size > 100_000) {
                throw new IllegalArgumentException("queue.size: " + size + " (expected: 1..100000)");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("queue.timeout: " + DurationText.format(timeout)
                    + " (expected: > 0)");
            }
        }
    }

    /** Validates the components. */
    public ConcurrencyLimitConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
        if (min < 1) {
            throw new IllegalArgumentException("min: " + min + " (expected: >= 1)");
        }
        if (max < min) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min, " + min + ")");
        }
        if (max > 1_000_000) {
            throw new IllegalArgumentException("max: " + max + " (expected: <= 1000000)");
        }
        if (algorithm == Algorithm.FIXED && min != max) {
            throw new IllegalArgumentException("min: " + min + " (expected: none for a fixed limit)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + DurationText.format(timeout) + " (expected: > 0)");
        }
        if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("retry-after: " + DurationText.format(retryAfter)
                + " (expected: >= 1s, the field counts whole seconds)");
        }
    }

    /** A fixed limit of {@code max} in flight, no queue. */
    public static ConcurrencyLimitConfig fixed(int max) {
        return new ConcurrencyLimitConfig(Algorithm.FIXED, max, max, AIMD_TIMEOUT, null, RETRY_AFTER);
    }

    /** This limit with {@code newQueue} (null: none). */
    public ConcurrencyLimitConfig withQueue(@Nullable Queue newQueue) {
        return new ConcurrencyLimitConfig(algorithm, min, max, timeout, newQueue, retryAfter);
    }

    /** A new limit law of this configuration, at its starting value. */
    public ConcurrencyLimit newLimit() {
        return switch (algorithm) {
            case FIXED -> ConcurrencyLimit.fixed(max);
            case GRADIENT2 -> ConcurrencyLimit.gradient2(min, max);
            case AIMD -> ConcurrencyLimit.aimd(min, max, timeout);
        };
    }

    /** The {@code Retry-After} value: whole seconds, rounded up. */
    public long retryAfterSeconds() {
        return (retryAfter.toMillis() + 999) / 1000;
    }
}
