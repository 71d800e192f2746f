package dev.horizon.sim.engine;

import java.util.Arrays;

/**
 * Latencies counted in log-linear buckets, without storing a request: exact below 32 µs, then 16 buckets per power
 * of two, so a percentile read as its bucket's midpoint is within 3.2 % of the true value. Up to 2^37 µs (38 hours);
 * longer latencies count in the last bucket.
 *
 * <p>Implementation notes. The layout is HdrHistogram's with two significant bits of sub-bucket precision turned
 * into four (16 sub-buckets); it fits in 560 longs, so the simulator keeps one per second, one per minute, ten for
 * the gateway's ten-second window and one for the whole run. {@link #clear} clears only the range of buckets in use,
 * which keeps a per-second reset cheap.
 */
final class LatencyHistogram {

    private static final int EXACT = 32;
    private static final int SUB = 16;
    private static final int MAX_LOG = 37;
    static final int BUCKETS = EXACT + (MAX_LOG - 5 + 1) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private int lowest = BUCKETS;
    private int highest = -1;

    /** Counts one latency of {@code micros} microseconds (negative counts as 0). */
    void record(long micros) {
        int b = bucket(micros);
        counts[b]++;
        total++;
        if (b < lowest) {
            lowest = b;
        }
        if (b > highest) {
            highest = b;
        }
    }

    /** Adds every count of {@code other}. */
    void add(LatencyHistogram other) {
        for (int b = other.lowest; b <= other.highest; b++) {
            counts[b] += other.counts[b];
        }
        total += other.total;
        lowest = Math.min(lowest, other.lowest);
        highest = Math.max(highest, other.highest);
    }

    /** The latencies counted. */
    long total() {
        return total;
    }

    /** Forgets every count. */
    void clear() {
        if (highest >= lowest) {
            Arrays.fill(counts, lowest, highest + 1, 0);
        }
        total = 0;
        lowest = BUCKETS;
        highest = -1;
    }

    /**
     * The {@code q}-quantile in milliseconds: the midpoint of the bucket holding the {@code ceil(q × total)}-th
     * latency; NaN when nothing was counted.
     */
    double quantileMs(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int b = lowest; b <= highest; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return midpointMicros(b) / 1000.0;
            }
        }
        return midpointMicros(highest) / 1000.0;
    }

    static int bucket(long micros) {
        if (micros < EXACT) {
            return (int) Math.max(0, micros);
        }
        int log = 63 - Long.numberOfLeadingZeros(micros);
        if (log > MAX_LOG) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (log - 4)) & (SUB - 1);
        return EXACT + (log - 5) * SUB + sub;
    }

    /** The middle of bucket {@code b}'s range of microseconds. */
    static double midpointMicros(int b) {
        if (b < EXACT) {
            return b;
        }
        int log = (b - EXACT) / SUB + 5;
        int sub = (b - EXACT) % SUB;
        long width = 1L << (log - 4);
        long lower = (long) (SUB + sub) << (log - 4);
        return lower + (width - 1) / 2.0;
    }
}
