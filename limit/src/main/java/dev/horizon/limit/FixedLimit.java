package dev.horizon.limit;

/** A limit that samples never change: {@code concurrency-limit: { max: N }}. */
final class FixedLimit implements ConcurrencyLimit {

    private final int max;

    FixedLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
        this.max = max;
    }

    @Override
    public int limit() {
        return max;
    }

    @Override
    public void onSample(long nowNanos, long rttNanos, int inflight, boolean dropped) {
        // fixed by configuration
    }

    @Override
    public String toString() {
        return "FixedLimit[" + max + "]";
    }
}
