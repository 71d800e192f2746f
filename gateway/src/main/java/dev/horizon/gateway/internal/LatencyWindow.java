package dev.horizon.gateway.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Requests per second and latency percentiles over the last ten seconds, for the admin API: ten one-second slots of
 * log-linear latency buckets (four per power of two from 4 µs, one per microsecond below, everything from 29.4 s in
 * the last; a bucket is at most a quarter wider than its lower edge), and recording is two atomic operations without
 * allocation.
 *
 * <p>Implementation notes. A percentile is interpolated linearly within the bucket that holds its rank, by the rank's
 * place among that bucket's requests, as Prometheus's {@code histogram_quantile} does: exact when the bucket's
 * requests are spread evenly over it, never more than the bucket's width off; in the last bucket, which has no upper
 * edge, its lower edge (29.4 s), as Prometheus answers for its {@code +Inf} bucket. Answering with the bucket's upper
 * edge, as this class did until 2026-12, read up to 25 % high (the demo's recorded p95s, the autoscaler's
 * {@code latency-p95} metric).
 */
final class LatencyWindow {

    static final int SLOTS = 10;
    private static final int BUCKETS = 100;
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLongArray counts = new AtomicLongArray(SLOTS * BUCKETS);
    private final AtomicLongArray slotSecond = new AtomicLongArray(SLOTS);

    /** The window's figures at one instant. */
    record Summary(double rps, double p50Ms, double p95Ms, double p99Ms) {
        static final Summary EMPTY = new Summary(0, 0, 0, 0);
    }

    void record(long latencyNanos, long nowNanos) {
        long second = Math.floorDiv(nowNanos, SECOND);
        int slot = (int) Math.floorMod(second, (long) SLOTS);
        long seen = slotSecond.get(slot);
        if (seen != second && slotSecond.compareAndSet(slot, seen, second)) {
            for (int b = 0; b < BUCKETS; b++) {
                counts.set(slot * BUCKETS + b, 0);
            }
        }
        counts.incrementAndGet(slot * BUCKETS + bucket(latencyNanos));
    }

    /**
     * Rate and percentiles over the slots of the last ten seconds (the current, partial one included). The rate is the
     * count over the time the slots cover, nine whole seconds and the current one's part: a count over ten would read
     * a steady rate up to 10 % low depending on when in the second it is read, the autoscaler's tolerance.
     */
    Summary summary(long nowNanos) {
        long second = Math.floorDiv(nowNanos, SECOND);
        double span = SLOTS - 1 + Math.floorMod(nowNanos, SECOND) / 1e9;
        long[] merged = new long[BUCKETS];
        long total = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            long s = slotSecond.get(slot);
            if (s <= second && s > second - SLOTS) {
                for (int b = 0; b < BUCKETS; b++) {
                    long c = counts.get(slot * BUCKETS + b);
                    merged[b] += c;
                    total += c;
                }
            }
        }
        if (total == 0) {
            return Summary.EMPTY;
        }
        return new Summary(total / span, percentile(merged, total, 0.50), percentile(merged, total, 0.95),
            percentile(merged, total, 0.99));
    }

    /**
     * The buckets of the p50, p95 and p99 of the requests recorded in the monotonic {@code second}, or an empty array
     * when it has none or is no longer in the window.
     */
    int[] bucketsOf(long second) {
        int slot = (int) Math.floorMod(second, (long) SLOTS);
        if (slotSecond.get(slot) != second) {
            return new int[0];
        }
        long[] buckets = new long[BUCKETS];
        long total = 0;
        for (int b = 0; b < BUCKETS; b++) {
            buckets[b] = counts.get(slot * BUCKETS + b);
            total += buckets[b];
        }
        if (total == 0) {
            return new int[0];
        }
        return new int[] {percentileBucket(buckets, total, 0.50), percentileBucket(buckets, total, 0.95),
            percentileBucket(buckets, total, 0.99)};
    }

    /** The {@code q} quantile in milliseconds, interpolated within its bucket (see the implementation notes). */
    static double percentile(long[] buckets, long total, double q) {
        int b = percentileBucket(buckets, total, q);
        if (b == BUCKETS - 1) {
            return lowerBoundMicros(b) / 1000.0;
        }
        long before = 0;
        for (int i = 0; i < b; i++) {
            before += buckets[i];
        }
        double low = lowerBoundMicros(b);
        double high = upperBoundMicros(b) + 1; // a bucket holds whole microseconds, each up to the next
        // the bucket holds the rank (before < q·total <= before + its count), so the place is in (0, 1]
        return (low + (high - low) * (q * total - before) / buckets[b]) / 1000.0;
    }

    private static int percentileBucket(long[] buckets, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += buckets[b];
            if (seen >= rank) {
                return b;
            }
        }
        return BUCKETS - 1;
    }

    /** Bucket of a latency: 4 × log2(µs) plus the next two bits, so buckets grow by about 19 % each. */
    static int bucket(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int log = 63 - Long.numberOfLeadingZeros(micros);
        int sub = log < 2 ? (int) (micros & 3) : (int) (micros >>> (log - 2) & 3);
        return Math.min(BUCKETS - 1, log * 4 + sub);
    }

    /**
     * The smallest latency in whole microseconds that falls in bucket {@code b}: below 4 µs each bucket in use holds
     * one value (1, 2 or 3 µs), above it follows the bucket before.
     */
    static long lowerBoundMicros(int b) {
        return b < 8 ? upperBoundMicros(b) : upperBoundMicros(b - 1) + 1;
    }

    /**
     * The middle of bucket {@code b} in microseconds, within 12.5 % of any latency in it from 4 µs up; the last
     * bucket's lower edge (29.4 s) for the last, which has no upper edge.
     */
    static double middleMicros(int b) {
        return b == BUCKETS - 1 ? lowerBoundMicros(b) : (lowerBoundMicros(b) + upperBoundMicros(b) + 1) / 2.0;
    }

    /** The largest latency in microseconds that falls in bucket {@code b}. */
    static long upperBoundMicros(int b) {
        int log = b / 4;
        int sub = b % 4;
        if (log < 2) {
            return Math.max(1, sub);
        }
        return (1L << log) + ((long) (sub + 1) << (log - 2)) - 1;
    }
}
