package dev.horizon.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One key's token bucket, shared by threads without a lock: {@code burst} tokens refilled continuously (no fill tick,
 * unlike Envoy's {@code fill_interval} of at least 50 ms), one taken per request that passes.
 *
 * <p>Implementation notes. The bucket is kept as {@link Gcra}'s single instant (the TAT; the bucket is empty at
 * {@code TAT − burst·T}), so a take is a read, the GCRA arithmetic and one compare-and-set, retried only when another
 * thread took from the same key in between; a refusal writes nothing. A full bucket carries no information, so a
 * key table may drop {@linkplain #idle idle} buckets without changing any later decision. TokenBucketTest checks the
 * law against a textbook (tokens, last refill) bucket on seeded random arrivals.
 */
public final class TokenBucket {

    private final AtomicLong tat = new AtomicLong(Gcra.NEVER);

    /**
     * Takes a token if there is one at {@code now}.
     *
     * @param interval the refill time of one token (T), in the unit of {@code now}
     * @param burst    the bucket's size
     */
    public Decision take(long now, long interval, long burst) {
        while (true) {
            long current = tat.get();
            Decision d = Gcra.decide(current, now, interval, burst);
            if (!d.allowed() || tat.compareAndSet(current, d.tat())) {
                return d;
            }
        }
    }

    /** Whether the bucket is full at {@code now}, so forgetting it changes nothing. */
    public boolean idle(long now) {
        long t = tat.get();
        return t == Gcra.NEVER || Gcra.idle(t, now);
    }
}
