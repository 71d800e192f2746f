package dev.horizon.data.cache;

/**
 * A cache's counters.
 *
 * @param localHits     answered from the in-process first level
 * @param redisHits     answered from Redis
 * @param misses        neither had it (or it was due for an early refresh): a load was needed
 * @param loads         loader calls (fewer than misses when concurrent misses shared one load)
 * @param earlyRefreshes loads XFetch started before the Redis copy expired
 * @param invalidations invalidation messages received (this instance's own included)
 * @param redisErrors   Redis commands that failed or timed out; the cache fell back to the loader
 */
public record CacheStats(long localHits, long redisHits, long misses, long loads, long earlyRefreshes,
                         long invalidations, long redisErrors) {

    /** Share of gets answered without a load, 0..1 (0 when there were none). */
    public double hitRatio() {
        long hits = localHits + redisHits;
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }
}
