package dev.horizon.data.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class CacheMetricsTest {

    @Test
    void readsByWhereTheyWereAnsweredLoadsAndRedisErrorsLabelledWithTheCachesName() {
        CacheStats stats = new CacheStats(90, 6, 4, 3, 1, 2, 5);

        assertThat(CacheMetrics.prometheus("shop-products", stats)).isEqualTo("""
            # HELP horizon_cache_requests_total Cache reads by where they were answered.
            # TYPE horizon_cache_requests_total counter
            horizon_cache_requests_total{cache="shop-products",result="local_hit"} 90
            horizon_cache_requests_total{cache="shop-products",result="redis_hit"} 6
            horizon_cache_requests_total{cache="shop-products",result="miss"} 4
            # HELP horizon_cache_loads_total Loader calls (concurrent misses share one).
            # TYPE horizon_cache_loads_total counter
            horizon_cache_loads_total{cache="shop-products"} 3
            # HELP horizon_cache_redis_errors_total Redis commands that failed or timed out; the loader answered.
            # TYPE horizon_cache_redis_errors_total counter
            horizon_cache_redis_errors_total{cache="shop-products"} 5
            """);
    }

    @Test
    void severalCachesWriteEachFamilyOnce() {
        CacheStats none = new CacheStats(0, 0, 0, 0, 0, 0, 0);
        String text = CacheMetrics.prometheus(java.util.Map.of("b", none, "a", none));

        assertThat(text.lines().filter(l -> l.startsWith("# TYPE ")).count()).isEqualTo(3);
        assertThat(text.lines().filter(l -> l.startsWith("horizon_cache_loads_total")).toList())
            .containsExactly("horizon_cache_loads_total{cache=\"a\"} 0", "horizon_cache_loads_total{cache=\"b\"} 0");
    }
}
