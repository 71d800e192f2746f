package dev.horizon.data;

import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A {@link RoutingDataSource}'s state as Prometheus text, for the application's {@code /metrics}: each replica's
 * routing state (one series per state, 1 for the current one, as kube-state-metrics writes enums), its lag in seconds
 * and bytes when known, why it is out of the read set, and the connections taken from each node. The {@code horizon}
 * control plane reads these from every instance and shows them on the dashboard ({@code docs/data.md} lists them).
 */
public final class ReplicaMetrics {

    /** One series per replica and state; the current state's is 1. */
    public static final String STATE = "horizon_data_replica_state";
    /** How long ago the primary wrote the oldest change the replica has not replayed; absent when unknown. */
    public static final String LAG_SECONDS = "horizon_data_replica_lag_seconds";
    /** How far the replica's replay is behind the primary's WAL; absent when unknown. */
    public static final String LAG_BYTES = "horizon_data_replica_lag_bytes";
    /** 1, with the reason a replica is out of the read set as a label; only for such replicas. */
    public static final String PROBLEM = "horizon_data_replica_problem";
    /** Physical connections taken, by node. */
    public static final String CONNECTIONS = "horizon_data_connections_total";
    /** Reads that wanted a replica and went to the primary. */
    public static final String FALLBACKS = "horizon_data_primary_fallbacks_total";

    private ReplicaMetrics() {
    }

    /** The metrics of {@code source} now. */
    public static String prometheus(RoutingDataSource source) {
        return prometheus(source.replicas(), source.stats());
    }

    /** The metrics of these replicas and counts. */
    static String prometheus(Iterable<ReplicaStatus> replicas, RoutingStats stats) {
        MetricLines m = new MetricLines();
        m.family(STATE, "gauge", "Each read replica's routing state: 1 for the current one.");
        for (ReplicaStatus r : replicas) {
            for (ReplicaStatus.State s : ReplicaStatus.State.values()) {
                m.sample(STATE, s == r.state() ? 1 : 0, "replica", r.name(), "state", text(s));
            }
        }
        m.family(LAG_SECONDS, "gauge", "How long ago the primary wrote the oldest change not replayed yet.");
        for (ReplicaStatus r : replicas) {
            Duration lag = r.lag();
            if (lag != null) {
                m.sample(LAG_SECONDS, lag.toNanos() / 1e9, "replica", r.name());
            }
        }
        m.family(LAG_BYTES, "gauge", "How far the replica's replay is behind the primary's write-ahead log.");
        for (ReplicaStatus r : replicas) {
            if (r.lagBytes() >= 0) {
                m.sample(LAG_BYTES, r.lagBytes(), "replica", r.name());
            }
        }
        m.family(PROBLEM, "gauge", "Why a replica is out of the read set.");
        for (ReplicaStatus r : replicas) {
            if (!r.problem().isEmpty()) {
                m.sample(PROBLEM, 1, "replica", r.name(), "problem", r.problem());
            }
        }
        m.family(CONNECTIONS, "counter", "Physical connections taken from each node.");
        new TreeMap<>(stats.connections()).forEach((node, n) -> m.sample(CONNECTIONS, n, "node", node));
        m.family(FALLBACKS, "counter", "Reads that wanted a replica and went to the primary.");
        m.sample(FALLBACKS, stats.fallbacks());
        return m.toString();
    }

    /** A state as its label value: {@code unknown}, {@code up}, {@code lagging}, {@code down}. */
    static String text(ReplicaStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
