package dev.horizon.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one instance's {@code /metrics} says about its data tier: the series the data tier's libraries publish
 * ({@code ReplicaMetrics} and {@code CacheMetrics}, listed in {@code docs/data.md}), read back. An application
 * without them reports nothing ({@link #empty()}). With several data sources (a {@code source} label), a replica or a
 * node is named {@code SOURCE/NAME}.
 *
 * @param replicas    each read replica as this instance's lag monitor sees it, in the order published
 * @param caches      each cache's counters
 * @param connections physical connections taken from each database node, cumulative
 */
record InstanceDataReport(List<Replica> replicas, List<Cache> caches, Map<String, Double> connections) {

    /**
     * One replica as one instance sees it.
     *
     * @param state      {@code unknown}, {@code up}, {@code lagging} or {@code down}
     * @param lagSeconds null when unknown
     * @param lagBytes   -1 when unknown
     * @param problem    why it is out of the read set; empty when it is not
     */
    record Replica(String name, String state, @Nullable Double lagSeconds, long lagBytes, String problem) {}

    /** One cache's counters, cumulative since the instance built it. */
    record Cache(String name, double localHits, double redisHits, double misses, double loads, double redisErrors) {

        double reads() {
            return localHits + redisHits + misses;
        }

        double hits() {
            return localHits + redisHits;
        }
    }

    static final InstanceDataReport NONE = new InstanceDataReport(List.of(), List.of(), Map.of());

    boolean empty() {
        return replicas.isEmpty() && caches.isEmpty() && connections.isEmpty();
    }

    /** Reads the data tier's series out of a Prometheus text exposition. */
    static InstanceDataReport parse(String metrics) {
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, Double> lagSeconds = new TreeMap<>();
        Map<String, Long> lagBytes = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        Map<String, Double> connections = new TreeMap<>();
        for (PrometheusText.Sample s : PrometheusText.samples(metrics, "horizon_data_")) {
            String replica = qualified(s, s.label("replica"));
            switch (s.name()) {
                case "horizon_data_replica_state" -> {
                    states.putIfAbsent(replica, "unknown");
                    if (s.value() == 1) {
                        states.put(replica, s.label("state"));
                    }
                }
                case "horizon_data_replica_lag_seconds" -> lagSeconds.put(replica, s.value());
                case "horizon_data_replica_lag_bytes" -> lagBytes.put(replica, (long) s.value());
                case "horizon_data_replica_problem" -> problems.put(replica, s.label("problem"));
                case "horizon_data_connections_total" -> connections.merge(qualified(s, s.label("node")), s.value(),
                    Double::sum);
                default -> { }
            }
        }
        List<Replica> replicas = new ArrayList<>();
        states.forEach((name, state) -> replicas.add(new Replica(name, state, lagSeconds.get(name),
            lagBytes.getOrDefault(name, -1L), problems.getOrDefault(name, ""))));
        return new InstanceDataReport(List.copyOf(replicas), caches(metrics), Map.copyOf(connections));
    }

    /** A replica's or node's name, {@code SOURCE/NAME} when the series names its data source (one per shard). */
    private static String qualified(PrometheusText.Sample s, String name) {
        String source = s.label("source");
        return source.isEmpty() ? name : source + "/" + name;
    }

    private static List<Cache> caches(String metrics) {
        Map<String, double[]> counts = new TreeMap<>();
        for (PrometheusText.Sample s : PrometheusText.samples(metrics, "horizon_cache_")) {
            double[] c = counts.computeIfAbsent(s.label("cache"), n -> new double[5]);
            switch (s.name()) {
                case "horizon_cache_requests_total" -> {
                    switch (s.label("result")) {
                        case "local_hit" -> c[0] = s.value();
                        case "redis_hit" -> c[1] = s.value();
                        case "miss" -> c[2] = s.value();
                        default -> { }
                    }
                }
                case "horizon_cache_loads_total" -> c[3] = s.value();
                case "horizon_cache_redis_errors_total" -> c[4] = s.value();
                default -> { }
            }
        }
        List<Cache> caches = new ArrayList<>();
        counts.forEach((name, c) -> caches.add(new Cache(name, c[0], c[1], c[2], c[3], c[4])));
        return List.copyOf(caches);
    }
}
