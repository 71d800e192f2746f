package dev.horizon.limit;

import java.time.Duration;

/**
 * How many requests a service may have in flight at once, and how that number follows what the service's answers
 * say about its load. A gate admits a request while fewer than {@link #limit()} are in flight and feeds every
 * admitted request's outcome back as a sample.
 *
 * <p>Implementations are pure and not thread-safe: the caller serializes {@link #onSample} (the gateway's admission
 * gate holds its lock) and passes the time, so a sequence of samples always yields the same sequence of limits.
 */
public interface ConcurrencyLimit {

    /** The number of requests allowed in flight now, at least 1. */
    int limit();

    /**
     * One admitted request finished.
     *
     * @param nowNanos when it finished, on the caller's monotonic clock
     * @param rttNanos how long it took: to its response head, or until it was given up on for a drop
     * @param inflight the number of requests in flight when it was admitted (itself included)
     * @param dropped  whether it failed in a way that says the service is overloaded (a timeout) rather than
     *                 answered
     */
    void onSample(long nowNanos, long rttNanos, int inflight, boolean dropped);

    /** A limit that never changes: {@code max} requests in flight. */
    static ConcurrencyLimit fixed(int max) {
        return new FixedLimit(max);
    }

    /**
     * Netflix's Gradient2 over samples aggregated in windows ({@link #windowed}): the limit follows the ratio of the
     * long-term average latency to the current one, never below {@code min} nor above {@code max}; it starts at
     * {@code min}.
     */
    static ConcurrencyLimit gradient2(int min, int max) {
        return windowed(new Gradient2Limit(min, min, max));
    }

    /**
     * Additive increase, multiplicative decrease (Netflix's AIMDLimit): +1 per answered request while at least half
     * the limit is in use, ×0.9 on a drop or a request slower than {@code timeout}; starts at {@code min}.
     */
    static ConcurrencyLimit aimd(int min, int max, Duration timeout) {
        return new AimdLimit(min, min, max, AimdLimit.BACKOFF_RATIO, timeout.toNanos());
    }

    /**
     * {@code delegate} fed one aggregate sample per window (the windows of Netflix's WindowedLimit, shorter): the
     * window's average latency, its highest in-flight count and whether any request in it dropped.
     */
    static ConcurrencyLimit windowed(ConcurrencyLimit delegate) {
        return new WindowedLimit(delegate, WindowedLimit.MIN_WINDOW_NANOS, WindowedLimit.MAX_WINDOW_NANOS,
            WindowedLimit.WINDOW_SIZE);
    }
}
