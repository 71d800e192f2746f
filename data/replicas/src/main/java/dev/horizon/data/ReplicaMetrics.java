package dev.horizon.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return prometheus(List.of(new Source("", source.replicas(), source.stats())));
    }

    /**
     * The metrics of several data sources now (one per shard, say), each family written once and every series
     * labelled {@code source} with the map's key: {@code horizon_data_replica_state{source="shard-0",…}}.
     */
    public static String prometheus(Map<String, ? extends RoutingDataSource> sources) {
        List<Source> all = new ArrayList<>();
        new TreeMap<>(sources).forEach((name, s) -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a data source's name: empty (expected: one per source)");
            }
            all.add(new Source(name, s.replicas(), s.stats()));
        });
        return prometheus(all);
    }

    /** One data source's state: its name ("" for the only one, which gets no {@code source} label). */
    record Source(String name, List<ReplicaStatus> replicas, RoutingStats stats) {

        /** {@code labels} with {@code source} first when the source has a name. */
        String[] labels(String... labels) {
            if (name.isEmpty()) {
                return labels;
            }
            String[] all = new String[labels.length + 2];
            all[0] = "source";
            all[1] = name;
            System.arraycopy(labels, 0, all, 2, labels.length);
            return all;
        }
    }

    static String prometheus(List<Source> sources) {
        MetricLines m = new MetricLines();
        m.family(STATE, "gauge", "Each read replica's routing state: 1 for the current one.");
        for (Source src : sources) {
            for (ReplicaStatus r : src.replicas()) {
                for (ReplicaStatus.State s : ReplicaStatus.State.values()) {
                    m.sample(STATE, s == r.state() ? 1 : 0, src.labels("replica", r.name(), "state", text(s)));
                }
            }
        }
        m.family(LAG_SECONDS, "gauge", "How long ago the primary wrote the oldest change not replayed yet.");
        for (Source src : sources) {
            for (ReplicaStatus r : src.replicas()) {
                Duration lag = r.lag();
                if (lag != null) {
                    m.sample(LAG_SECONDS, lag.toNanos() / 1e9, src.labels("replica", r.name()));
                }
            }
        }
        m.family(LAG_BYTES, "gauge", "How far the replica's replay is behind the primary's write-ahead log.");
        for (Source src : sources) {
            for (ReplicaStatus r : src.replicas()) {
                if (r.lagBytes() >= 0) {
                    m.sample(LAG_BYTES, r.lagBytes(), src.labels("replica", r.name()));
                }
            }
        }
        m.family(PROBLEM, "gauge", "Why a replica is out of the read set.");
        for (Source src : sources) {
            for (ReplicaStatus r : src.replicas()) {
                if (!r.problem().isEmpty()) {
                    m.sample(PROBLEM, 1, src.labels("replica", r.name(), "problem", r.problem()));
                }
            }
        }
        m.family(CONNECTIONS, "counter", "Physical connections taken from each node.");
        for (Source src : sources) {
            new TreeMap<>(src.stats().connections()).forEach((node, n) -> m.sample(CONNECTIONS, n,
                src.labels("node", node)));
        }
        m.family(FALLBACKS, "counter", "Reads that wanted a replica and went to the primary.");
        for (Source src : sources) {
            m.sample(FALLBACKS, src.stats().fallbacks(), src.labels());
        }
        return m.toString();
    }

    /** A state as its label value: {@code unknown}, {@code up}, {@code lagging}, {@code down}. */
    static String text(ReplicaStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
