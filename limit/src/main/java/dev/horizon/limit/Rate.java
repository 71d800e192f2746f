package dev.horizon.limit;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit's quota: {@code requests} per {@code per} on average, and at most {@code burst} at once after a quiet
 * spell. As a bucket: {@code burst} tokens, refilled continuously at {@code requests / per}.
 *
 * <p>{@code burst} is the bucket's size as in Traefik's {@code burst} and Envoy's {@code max_tokens}; redis-cell's
 * {@code max_burst} is one less ({@code CL.THROTTLE key 14 ...} admits 15 at once).
 *
 * @param requests the quota per window, at least 1
 * @param per      the window, positive; {@code per / requests} must be at least 1 µs (the Redis script's unit)
 * @param burst    how many requests may pass at once, at least 1
 */
public record Rate(long requests, Duration per, long burst) {

    /** Validates the components. */
    public Rate {
        Objects.requireNonNull(per, "per");
        if (requests < 1) {
            throw new IllegalArgumentException("requests: " + requests + " (expected: >= 1)");
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("per: " + DurationText.format(per) + " (expected: > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
        long micros = per.toNanos() / 1000;
        if (micros / requests < 1) {
            throw new IllegalArgumentException("requests: " + requests + " per " + micros + " µs is more than one "
                + "per microsecond (expected: at most " + micros + ")");
        }
        if (burst > Long.MAX_VALUE / 4 / (per.toNanos() / requests)) {
            // the tolerance burst·T must stay far from overflow when added to a nanosecond clock
            throw new IllegalArgumentException("burst: " + burst + " (expected: burst × per / requests < 73 years)");
        }
    }

    /** A rate whose burst is its quota: {@code requests} at once, then {@code requests} per {@code per}. */
    public static Rate of(long requests, Duration per) {
        return new Rate(requests, per, requests);
    }

    /** The emission interval T = per / requests in nanoseconds (rounded down): one token's refill time. */
    public long intervalNanos() {
        return per.toNanos() / requests;
    }

    /** The emission interval in microseconds (rounded down), the unit the Redis script counts in. */
    public long intervalMicros() {
        return per.toNanos() / 1000 / requests;
    }

    /** The window in whole seconds, at least 1: the {@code w} of the {@code RateLimit-Policy} field. */
    public long windowSeconds() {
        return Math.max(1, (per.toMillis() + 999) / 1000);
    }
}
