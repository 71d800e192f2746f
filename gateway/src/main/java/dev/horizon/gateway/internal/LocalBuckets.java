package dev.horizon.gateway.internal;

import dev.horizon.limit.Decision;
import dev.horizon.limit.Rate;
import dev.horizon.limit.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local rate limit's token buckets, one per key value, shared by every event loop of this gateway process.
 *
 * <p>Implementation notes. A decision is a map lookup and one compare-and-set ({@link TokenBucket}); a key seen for
 * the first time allocates its bucket. Memory is bounded by {@link #MAX_KEYS} live keys (Traefik keeps at most 65,536
 * sources): when the table is full, the buckets that are full again are dropped, which changes no decision since a
 * full bucket is what an unknown key gets. If every key is busy, new keys share one overflow bucket until a later
 * sweep (at most one per refill of a whole bucket) frees room: the flood is limited as one client rather than let
 * through or allowed to grow the table. A take racing with the sweep of its own idle bucket can lose that one token.
 */
final class LocalBuckets {

    static final int MAX_KEYS = 65_536;

    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow = new TokenBucket();
    private final long interval;
    private final long burst;
    private final int maxKeys;
    private volatile long nextSweep;
    private volatile boolean swept;

    LocalBuckets(Rate rate) {
        this(rate, MAX_KEYS);
    }

    LocalBuckets(Rate rate, int maxKeys) {
        this.interval = rate.intervalNanos();
        this.burst = rate.burst();
        this.maxKeys = maxKeys;
    }

    /** Takes a token for {@code key} at {@code nowNanos}. */
    Decision take(String key, long nowNanos) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = buckets.size() < maxKeys || sweep(nowNanos) ? buckets.computeIfAbsent(key, k -> new TokenBucket())
                : overflow;
        }
        return bucket.take(nowNanos, interval, burst);
    }

    /** Keys held now. */
    int size() {
        return buckets.size();
    }

    /** Drops the full buckets, unless a sweep ran within one whole refill; whether there is room now. */
    private boolean sweep(long nowNanos) {
        if (swept && nowNanos - nextSweep < 0) {
            return false;
        }
        swept = true;
        nextSweep = nowNanos + interval * burst;
        buckets.values().removeIf(b -> b.idle(nowNanos));
        return buckets.size() < maxKeys;
    }
}
