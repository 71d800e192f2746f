package dev.horizon.gateway.internal;

import dev.horizon.gateway.ServicesView.RecordedSecond;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A service's requests second by second over the last {@link #DEFAULT_SECONDS} seconds (a day): for each second, the
 * requests that arrived in it by status class (1xx–3xx, 4xx, 429, 5xx, shed 503, 504, no answer), and the p50/p95/p99
 * latency of the requests that ended in it. What {@code horizon trace export}, {@code horizon demo} and the
 * dashboard read.
 *
 * <p>Recording a request is one atomic increment without allocation or lock, on the exchange's event loop when it
 * ends ({@link #record}), counted in the second it <em>arrived</em> in; a request still in flight is not counted yet.
 * The percentiles are copied once a second, off the request path, from the service's {@link LatencyWindow}
 * ({@link #harvest}).
 */
final class TrafficRecording {

    /* Implementation notes.
     *
     * One AtomicLongArray of CELLS longs per second, slot = second mod size. Every cell carries its own stamp: the
     * epoch second in the high 40 bits, a count (or the three percentile buckets) in the low 24. A counter whose stamp
     * is the request's second is incremented with one getAndIncrement (LOCK XADD, no retry under contention); one
     * with an older stamp is the ring wrapping over a second a day old, replaced by (second, 1) with a
     * compare-and-set, so a reset never loses a count made for the new second (a separate stamp array with a reset
     * loop, as LatencyWindow has, can). A cell whose stamp is not the second asked for reads as 0, so seconds without
     * requests and seconds the ring has overwritten are 0 without a sweep. 24 bits hold 16.7 million requests per
     * second and outcome; the fast path stops 1,024 short of that and the CAS path saturates, so a count never
     * carries into its stamp. A request ending more than a day after it arrived finds its slot taken by a later
     * second and is dropped.
     *
     * Memory: 8 longs per second, 64 bytes (one cache line's worth): 5.5 MB per service for a day, allocated with the
     * service.
     */

    /** Seconds kept by default: 24 hours. */
    static final int DEFAULT_SECONDS = 86_400;

    private static final int OK = 0;
    private static final int CLIENT_ERROR = 1;
    private static final int LIMITED = 2;
    private static final int SERVER_ERROR = 3;
    private static final int SHED = 4;
    private static final int TIMED_OUT = 5;
    private static final int UNANSWERED = 6;
    private static final int PERCENTILES = 7;
    private static final int CELLS = 8;
    private static final int BITS = 24;
    private static final long MASK = (1L << BITS) - 1;
    private static final long FAST_LIMIT = MASK - 1024;
    private static final long NANOS = 1_000_000_000L;

    private final int seconds;
    private final AtomicLongArray cells;
    /** The last monotonic second whose percentiles were copied; touched only by {@link #harvest}. */
    private long harvested = Long.MIN_VALUE;

    TrafficRecording() {
        this(DEFAULT_SECONDS);
    }

    TrafficRecording(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds: " + seconds + " (expected: 1 or more)");
        }
        this.seconds = seconds;
        this.cells = new AtomicLongArray(seconds * CELLS);
    }

    /** How many seconds it keeps. */
    int seconds() {
        return seconds;
    }

    /**
     * Counts a request that arrived in {@code epochSecond} and ended with {@code status}: 1xx to 3xx ok, 429 limited,
     * another 4xx a client error, 504 timed out, another 5xx a server error, 0 (no status: the client left or the
     * connection was cut) unanswered.
     */
    void record(long epochSecond, int status) {
        increment(epochSecond, status <= 0 ? UNANSWERED : status < 400 ? OK : status == 429 ? LIMITED
            : status < 500 ? CLIENT_ERROR : status == 504 ? TIMED_OUT : SERVER_ERROR);
    }

    /** Counts a request that arrived in {@code epochSecond} and that the service's concurrency limit shed (503). */
    void recordShed(long epochSecond) {
        increment(epochSecond, SHED);
    }

    private void increment(long epochSecond, int outcome) {
        int i = index(epochSecond) + outcome;
        long v = cells.get(i);
        if (v >>> BITS == epochSecond && (v & MASK) < FAST_LIMIT) {
            cells.getAndIncrement(i);
            return;
        }
        while (true) {
            long stamp = v >>> BITS;
            long next;
            if (stamp == epochSecond) {
                if ((v & MASK) == MASK) {
                    return;
                }
                next = v + 1;
            } else if (stamp < epochSecond) {
                next = epochSecond << BITS | 1;
            } else {
                return;
            }
            if (cells.compareAndSet(i, v, next)) {
                return;
            }
            v = cells.get(i);
        }
    }

    /**
     * Copies the percentiles of each whole second {@code window} holds that was not copied yet, each to the epoch
     * second its middle falls in ({@code nowNanos} and {@code nowEpochMillis} read at the same instant). Called
     * periodically (at least every few seconds) from one thread.
     */
    synchronized void harvest(LatencyWindow window, long nowNanos, long nowEpochMillis) {
        long current = Math.floorDiv(nowNanos, NANOS); // as LatencyWindow numbers its seconds
        long from = Math.max(harvested + 1, current - LatencyWindow.SLOTS + 1);
        long offsetNanos = nowEpochMillis * 1_000_000L - nowNanos;
        for (long second = from; second < current; second++) {
            int[] buckets = window.bucketsOf(second);
            if (buckets.length > 0) {
                long epochSecond = Math.floorDiv(second * NANOS + NANOS / 2 + offsetNanos, NANOS);
                long packed = (long) (buckets[0] + 1) | (long) (buckets[1] + 1) << 8 | (long) (buckets[2] + 1) << 16;
                cells.set(index(epochSecond) + PERCENTILES, epochSecond << BITS | packed);
            }
        }
        harvested = Math.max(harvested, current - 1);
    }

    /**
     * The seconds from {@code fromEpochSecond} (or the oldest kept, if later) through {@code nowEpochSecond}, one
     * entry each, empty seconds included.
     */
    List<RecordedSecond> read(long fromEpochSecond, long nowEpochSecond) {
        long from = Math.max(fromEpochSecond, nowEpochSecond - seconds + 1);
        List<RecordedSecond> out = new ArrayList<>((int) Math.max(0, nowEpochSecond - from + 1));
        for (long second = from; second <= nowEpochSecond; second++) {
            int i = index(second);
            long p = count(i + PERCENTILES, second);
            out.add(new RecordedSecond(second, count(i + OK, second), count(i + CLIENT_ERROR, second),
                count(i + LIMITED, second), count(i + SERVER_ERROR, second), count(i + SHED, second),
                count(i + TIMED_OUT, second), count(i + UNANSWERED, second), millis(p, 0), millis(p, 8),
                millis(p, 16)));
        }
        return out;
    }

    private long count(int i, long second) {
        long v = cells.get(i);
        return v >>> BITS == second ? v & MASK : 0;
    }

    /**
     * The percentile packed at {@code shift} in milliseconds, NaN when none: the middle of its bucket (only the bucket
     * is kept per second), within 12.5 % of the exact one.
     */
    private static double millis(long packed, int shift) {
        int bucket = (int) (packed >>> shift & 0xFF) - 1;
        return bucket < 0 ? Double.NaN : LatencyWindow.middleMicros(bucket) / 1000.0;
    }

    private int index(long epochSecond) {
        return (int) Math.floorMod(epochSecond, (long) seconds) * CELLS;
    }
}
