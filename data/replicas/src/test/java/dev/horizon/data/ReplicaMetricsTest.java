package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ReplicaMetricsTest {

    @Test
    void eachReplicasStateLagAndProblemAndTheConnectionsByNode() {
        List<ReplicaStatus> replicas = List.of(
            new ReplicaStatus("replica-1", ReplicaStatus.State.UP, new CausalToken(0x1000), 0, Duration.ofMillis(4),
                ""),
            new ReplicaStatus("replica-2", ReplicaStatus.State.DOWN, null, -1, null,
                "connection refused: \"db2\"\nretry in 1s"));
        RoutingStats stats = new RoutingStats(Map.of("replica-1", 7L, "primary", 3L), 2, 0, 0);

        assertThat(ReplicaMetrics.prometheus(List.of(new ReplicaMetrics.Source("", replicas, stats)))).isEqualTo("""
            # HELP horizon_data_replica_state Each read replica's routing state: 1 for the current one.
            # TYPE horizon_data_replica_state gauge
            horizon_data_replica_state{replica="replica-1",state="unknown"} 0
            horizon_data_replica_state{replica="replica-1",state="up"} 1
            horizon_data_replica_state{replica="replica-1",state="lagging"} 0
            horizon_data_replica_state{replica="replica-1",state="down"} 0
            horizon_data_replica_state{replica="replica-2",state="unknown"} 0
            horizon_data_replica_state{replica="replica-2",state="up"} 0
            horizon_data_replica_state{replica="replica-2",state="lagging"} 0
            horizon_data_replica_state{replica="replica-2",state="down"} 1
            # HELP horizon_data_replica_lag_seconds How long ago the primary wrote the oldest change not replayed yet.
            # TYPE horizon_data_replica_lag_seconds gauge
            horizon_data_replica_lag_seconds{replica="replica-1"} 0.004
            # HELP horizon_data_replica_lag_bytes How far the replica's replay is behind the primary's write-ahead log.
            # TYPE horizon_data_replica_lag_bytes gauge
            horizon_data_replica_lag_bytes{replica="replica-1"} 0
            # HELP horizon_data_replica_problem Why a replica is out of the read set.
            # TYPE horizon_data_replica_problem gauge
            horizon_data_replica_problem{replica="replica-2",problem="connection refused: \\"db2\\"\\nretry in 1s"} 1
            # HELP horizon_data_connections_total Physical connections taken from each node.
            # TYPE horizon_data_connections_total counter
            horizon_data_connections_total{node="primary"} 3
            horizon_data_connections_total{node="replica-1"} 7
            # HELP horizon_data_primary_fallbacks_total Reads that wanted a replica and went to the primary.
            # TYPE horizon_data_primary_fallbacks_total counter
            horizon_data_primary_fallbacks_total 2
            """);
    }

    @Test
    void severalSourcesWriteEachFamilyOnceWithASourceLabel() {
        ReplicaStatus up = new ReplicaStatus("replica-1", ReplicaStatus.State.UP, null, 0, Duration.ZERO, "");
        String text = ReplicaMetrics.prometheus(List.of(
            new ReplicaMetrics.Source("shard-0", List.of(up), new RoutingStats(Map.of("primary", 1L), 0, 0, 0)),
            new ReplicaMetrics.Source("shard-1", List.of(up), new RoutingStats(Map.of("primary", 2L), 5, 0, 0))));

        assertThat(text.lines().filter(l -> l.startsWith("# TYPE ")).count()).isEqualTo(6);
        assertThat(text)
            .contains("horizon_data_replica_state{source=\"shard-1\",replica=\"replica-1\",state=\"up\"} 1\n")
            .contains("horizon_data_connections_total{source=\"shard-0\",node=\"primary\"} 1\n")
            .contains("horizon_data_primary_fallbacks_total{source=\"shard-1\"} 5\n");
    }
}
