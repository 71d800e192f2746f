package dev.horizon.limit;

/**
 * Additive increase, multiplicative decrease: a drop, or an answer slower than the timeout, multiplies the limit by
 * the backoff ratio; any other answer adds one while at least half the limit is in use (a limit the load never
 * reaches does not grow). Clamped to [min, max].
 *
 * <p>Implementation notes. The law and defaults (backoff 0.9, timeout 5 s) are Netflix's {@code AIMDLimit}
 * (concurrency-limits-core, {@code limit/AIMDLimit.java}); it runs on every sample, not on windows. The product is
 * rounded down, so a limit of 10 or less backs off by one.
 */
final class AimdLimit implements ConcurrencyLimit {

    static final double BACKOFF_RATIO = 0.9;

    private final int min;
    private final int max;
    private final double backoffRatio;
    private final long timeoutNanos;
    private int limit;

    AimdLimit(int initial, int min, int max, double backoffRatio, long timeoutNanos) {
        Bounds.check(initial, min, max);
        if (!(backoffRatio >= 0.5 && backoffRatio < 1.0)) {
            throw new IllegalArgumentException("backoff ratio: " + backoffRatio + " (expected: 0.5 <= ratio < 1)");
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout: " + timeoutNanos + " ns (expected: > 0)");
        }
        this.min = min;
        this.max = max;
        this.backoffRatio = backoffRatio;
        this.timeoutNanos = timeoutNanos;
        this.limit = initial;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public void onSample(long nowNanos, long rttNanos, int inflight, boolean dropped) {
        int next = limit;
        if (dropped || rttNanos > timeoutNanos) {
            next = (int) (limit * backoffRatio);
        } else if (inflight * 2 >= limit) {
            next = limit + 1;
        }
        limit = Math.max(min, Math.min(max, next));
    }

    @Override
    public String toString() {
        return "AimdLimit[" + limit + ", min " + min + ", max " + max + "]";
    }
}
