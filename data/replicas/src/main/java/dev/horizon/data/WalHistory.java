package dev.horizon.data;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The primary's WAL position over time, as the lag monitor sampled it: one entry each time the position moved, with
 * the time it was first seen. It turns a replica's replay position into a lag in time.
 *
 * <p>Implementation notes: {@code now() - pg_last_xact_replay_timestamp()} on the replica (ProxySQL's and most
 * dashboards' measure) grows without bound while the primary is idle, and needs the replica to replay a commit to
 * shrink. Comparing positions instead gives 0 when the replica has everything, and otherwise the age of the oldest
 * change it lacks: the time the primary was first seen past the replica's replay position. It is low by at most one
 * check interval, which is the resolution. Thread-safe; entries older than the horizon are dropped.
 */
final class WalHistory {

    private static final int MAX_ENTRIES = 4096;

    private final ArrayDeque<long[]> entries = new ArrayDeque<>();
    private long lastSampleNanos = Long.MIN_VALUE;

    /** Records that the primary's position was {@code lsn} at {@code nanos}. */
    synchronized void record(long lsn, long nanos) {
        lastSampleNanos = nanos;
        long[] last = entries.peekLast();
        if (last == null || Long.compareUnsigned(lsn, last[1]) > 0) {
            entries.addLast(new long[] {nanos, lsn});
            if (entries.size() > MAX_ENTRIES) {
                entries.removeFirst();
            }
        }
    }

    /** When the primary was last sampled, {@link Long#MIN_VALUE} if never. */
    synchronized long lastSampleNanos() {
        return lastSampleNanos;
    }

    /** The primary's last sampled position, or -1 when never sampled. */
    synchronized long latest() {
        long[] last = entries.peekLast();
        return last == null ? -1 : last[1];
    }

    /**
     * How long ago the primary was first seen past {@code replayed}, in nanoseconds; 0 when the replica has replayed
     * everything sampled. When the replay position is older than the whole history, the age of the oldest entry.
     */
    synchronized long lagNanos(long replayed, long nowNanos) {
        Iterator<long[]> it = entries.iterator();
        while (it.hasNext()) {
            long[] e = it.next();
            if (Long.compareUnsigned(e[1], replayed) > 0) {
                return Math.max(0, nowNanos - e[0]);
            }
        }
        return 0;
    }

    /** How many bytes the primary's last sampled position is past {@code replayed}; 0 when not past it. */
    synchronized long lagBytes(long replayed) {
        long[] last = entries.peekLast();
        return last == null || Long.compareUnsigned(last[1], replayed) <= 0 ? 0 : last[1] - replayed;
    }
}
