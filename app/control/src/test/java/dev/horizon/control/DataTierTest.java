package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data tier read back from instances' metrics and summed over them, exactly. */
final class DataTierTest {

    /** What {@code ReplicaMetrics} and {@code CacheMetrics} write (their own tests pin the text), abridged. */
    private static String metrics(String replica1, double lag1, String replica2, double cacheLocal, double cacheMiss,
                                  double replicaConnections) {
        return """
            # HELP demo_inflight_requests Requests being served now.
            demo_inflight_requests 2
            horizon_data_replica_state{replica="replica-1",state="unknown"} 0
            horizon_data_replica_state{replica="replica-1",state="%1$s"} 1
            horizon_data_replica_state{replica="replica-2",state="up"} 0
            horizon_data_replica_state{replica="replica-2",state="%3$s"} 1
            horizon_data_replica_lag_seconds{replica="replica-1"} %2$s
            horizon_data_replica_lag_bytes{replica="replica-1"} 512
            %6$s
            horizon_data_connections_total{node="primary"} 10
            horizon_data_connections_total{node="replica-1"} %7$s
            horizon_cache_requests_total{cache="shop-products",result="local_hit"} %4$s
            horizon_cache_requests_total{cache="shop-products",result="redis_hit"} 0
            horizon_cache_requests_total{cache="shop-products",result="miss"} %5$s
            horizon_cache_loads_total{cache="shop-products"} %5$s
            horizon_cache_redis_errors_total{cache="shop-products"} 1
            """.formatted(replica1, lag1, replica2, cacheLocal, cacheMiss,
            replica2.equals("up") ? "" : "horizon_data_replica_problem{replica=\"replica-2\",problem=\"" + replica2
                + " there\"} 1",
            replicaConnections);
    }

    @Test
    void oneInstancesMetricsReadBack() {
        InstanceDataReport r = InstanceDataReport.parse(metrics("up", 0.004, "down", 90, 10, 30));

        assertThat(r.replicas()).containsExactly(
            new InstanceDataReport.Replica("replica-1", "up", 0.004, 512, ""),
            new InstanceDataReport.Replica("replica-2", "down", null, -1, "down there"));
        assertThat(r.caches()).containsExactly(new InstanceDataReport.Cache("shop-products", 90, 0, 10, 10, 1));
        assertThat(r.connections()).isEqualTo(Map.of("primary", 10.0, "replica-1", 30.0));
        assertThat(InstanceDataReport.parse("demo_inflight_requests 2\n").empty()).isTrue();
    }

    @Test
    void summedOverInstancesWithTheWorstStateTheLargestLagAndRatesOverTheInterval() {
        Map<String, InstanceDataReport> before = Map.of(
            "shop-1", InstanceDataReport.parse(metrics("up", 0.002, "up", 50, 10, 10)),
            "shop-2", InstanceDataReport.parse(metrics("up", 0.001, "up", 40, 0, 20)));
        Map<String, InstanceDataReport> now = Map.of(
            "shop-1", InstanceDataReport.parse(metrics("up", 0.004, "lagging", 90, 10, 30)), // 40 reads, all hits
            "shop-2", InstanceDataReport.parse(metrics("lagging", 1.5, "down", 70, 10, 40)), // 40 reads, 10 misses
            "shop-3", InstanceDataReport.parse(metrics("up", 0.003, "up", 4, 1, 5)), // new: no interval yet
            "shop-4", InstanceDataReport.NONE); // answered nothing

        // shop-1 answered 2 s after its last answer, shop-2 4 s after
        DataTier tier = DataTier.of(2_000, now, before, Map.of("shop-1", 2.0, "shop-2", 4.0));

        assertThat(tier.instances()).isEqualTo(3);
        // the problem is the worst state's (shop-2's down), not the first one's (shop-1's lagging)
        assertThat(tier.replicas()).containsExactly(
            new DataTier.Replica("replica-1", "lagging", 2, 3, 1.5, 512, ""),
            new DataTier.Replica("replica-2", "down", 1, 3, null, -1, "down there"));
        // recent: 80 reads, 70 hits, 40 reads in 2 s + 40 in 4 s; since start: 90+70+4 hits of 100+80+5 reads
        assertThat(tier.caches()).containsExactly(
            new DataTier.Cache("shop-products", 70 / 80.0, 164 / 185.0, 30.0, 3));
        // replica-1: (30-10) connections in 2 s and (40-20) in 4 s; shop-3 has no interval yet
        assertThat(tier.connections()).isEqualTo(Map.of("primary", 0.0, "replica-1", 15.0));
    }

    @Test
    void aRestartedInstanceCountsFromZeroAndNoReadsLeaveTheRecentRatioUnknown() {
        Map<String, InstanceDataReport> before = Map.of(
            "shop-1", InstanceDataReport.parse(metrics("up", 0, "up", 500, 100, 10)));
        Map<String, Double> twoSeconds = Map.of("shop-1", 2.0);
        DataTier restarted = DataTier.of(1, Map.of("shop-1",
            InstanceDataReport.parse(metrics("up", 0, "up", 8, 2, 10))), before, twoSeconds);
        DataTier idle = DataTier.of(1, before, before, twoSeconds);
        DataTier odd = DataTier.of(1, Map.of("shop-1", InstanceDataReport.parse(metrics("up", 0, "resting", 8, 2, 10))),
            Map.of(), Map.of());

        assertThat(restarted.caches().getFirst().hitRatio()).isEqualTo(0.8);
        assertThat(idle.caches().getFirst().hitRatio()).isNull();
        assertThat(idle.caches().getFirst().readsPerSecond()).isZero();
        assertThat(odd.replicas().get(1).state()).as("a state it does not know").isEqualTo("unknown");
        assertThat(DataTier.of(1, Map.of("shop-1", InstanceDataReport.NONE), Map.of(), Map.of()).empty()).isTrue();
        assertThat(DataTier.NONE.replicas()).isEqualTo(List.of());
    }
}
