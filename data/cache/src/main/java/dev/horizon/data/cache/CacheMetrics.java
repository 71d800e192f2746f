package dev.horizon.data.cache;

import dev.horizon.data.MetricLines;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Caches' counters as Prometheus text, for the application's {@code /metrics}: reads by where they were answered,
 * loads and Redis errors, each labelled with the cache's name. The {@code horizon} control plane reads them from every
 * instance and shows each cache's hit ratio on the dashboard ({@code docs/data.md} lists them).
 */
public final class CacheMetrics {

    /** Reads by {@code result}: {@code local_hit}, {@code redis_hit} or {@code miss}. */
    public static final String REQUESTS = "horizon_cache_requests_total";
    /** Loader calls. */
    public static final String LOADS = "horizon_cache_loads_total";
    /** Redis commands that failed or timed out. */
    public static final String REDIS_ERRORS = "horizon_cache_redis_errors_total";

    private CacheMetrics() {
    }

    /** The metrics of the cache {@code name} with these counters. */
    public static String prometheus(String name, CacheStats s) {
        return prometheus(Map.of(name, s));
    }

    /** The metrics of several caches, each family written once (as the text format wants). */
    public static String prometheus(Collection<? extends CacheAside<?>> caches) {
        Map<String, CacheStats> stats = new TreeMap<>();
        for (CacheAside<?> c : caches) {
            if (stats.put(c.name(), c.stats()) != null) {
                throw new IllegalArgumentException("two caches named " + c.name() + " (expected: one per name)");
            }
        }
        return prometheus(stats);
    }

    static String prometheus(Map<String, CacheStats> caches) {
        Map<String, CacheStats> sorted = new TreeMap<>(caches);
        MetricLines m = new MetricLines().family(REQUESTS, "counter", "Cache reads by where they were answered.");
        sorted.forEach((name, s) -> m.sample(REQUESTS, s.localHits(), "cache", name, "result", "local_hit")
            .sample(REQUESTS, s.redisHits(), "cache", name, "result", "redis_hit")
            .sample(REQUESTS, s.misses(), "cache", name, "result", "miss"));
        m.family(LOADS, "counter", "Loader calls (concurrent misses share one).");
        sorted.forEach((name, s) -> m.sample(LOADS, s.loads(), "cache", name));
        m.family(REDIS_ERRORS, "counter", "Redis commands that failed or timed out; the loader answered.");
        sorted.forEach((name, s) -> m.sample(REDIS_ERRORS, s.redisErrors(), "cache", name));
        return m.toString();
    }
}
