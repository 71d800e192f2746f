package dev.horizon.showcase;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in log-linear buckets (eight per power of two of microseconds, up to about 70 minutes), so a percentile
 * is exact to within 9 % and recording is one atomic increment. Thread-safe.
 */
final class LatencyHistogram {

    private static final int PER_OCTAVE = 8;
    private static final int BUCKETS = 32 * PER_OCTAVE;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(1, nanos / 1000)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The {@code q} quantile in milliseconds (the upper edge of its bucket), 0 when empty. */
    double percentileMillis(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperMicros(i) / 1000.0;
            }
        }
        return upperMicros(BUCKETS - 1) / 1000.0;
    }

    static int bucket(long micros) {
        int octave = 63 - Long.numberOfLeadingZeros(micros);
        if (octave < 3) {
            return (int) micros;
        }
        int sub = (int) ((micros >>> (octave - 3)) & (PER_OCTAVE - 1));
        return Math.min(BUCKETS - 1, (octave - 2) * PER_OCTAVE + sub);
    }

    static long upperMicros(int bucket) {
        if (bucket < PER_OCTAVE) {
            return bucket + 1;
        }
        int octave = bucket / PER_OCTAVE + 2;
        int sub = bucket % PER_OCTAVE;
        return ((long) (PER_OCTAVE + sub + 1)) << (octave - 3);
    }
}
