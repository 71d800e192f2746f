package dev.horizon.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A managed service's data tier as its instances report it ({@link InstanceDataReport}), summed over the instances:
 * what the dashboard's data tier panel and {@code GET /admin/services/{s}/data} show.
 *
 * <p>Every instance runs its own lag monitor, so a replica's row is the worst state any instance sees (down, then
 * lagging, then unknown, then up), with how many see it up, the largest lag any of them measured, and the first
 * problem reported. A cache's hit ratio is over the last interval (the counters' growth since the previous scrape of
 * the same instances: a restarted instance counts from zero), and since the instances started.
 *
 * @param at          when the instances were read, epoch milliseconds (0 when never)
 * @param instances   how many instances answered with data tier metrics
 * @param replicas    the replicas, by name
 * @param caches      the caches, by name
 * @param connections physical connections taken per second from each database node over the last interval
 */
public record DataTier(long at, int instances, List<Replica> replicas, List<Cache> caches,
                       Map<String, Double> connections) {

    /**
     * One replica over the instances.
     *
     * @param state      the worst state any instance sees: {@code down}, {@code lagging}, {@code unknown} or {@code up}
     * @param up         how many instances see it up
     * @param reporting  how many instances report it
     * @param lagSeconds the largest lag measured, null when no instance knows it
     * @param lagBytes   the largest lag in bytes, -1 when no instance knows it
     * @param problem    the first problem reported, empty when none
     */
    public record Replica(String name, String state, int up, int reporting, @Nullable Double lagSeconds,
                          long lagBytes, String problem) {}

    /**
     * One cache over the instances.
     *
     * @param hitRatio       hits over reads in the last interval, 0..1; null when there were no reads in it
     * @param totalHitRatio  hits over reads since the instances started, 0..1 (0 without reads)
     * @param readsPerSecond reads per second in the last interval
     * @param redisErrors    Redis errors since the instances started
     */
    public record Cache(String name, @Nullable Double hitRatio, double totalHitRatio, double readsPerSecond,
                        long redisErrors) {}

    /** No data tier reported (yet). */
    public static final DataTier NONE = new DataTier(0, 0, List.of(), List.of(), Map.of());

    /** Whether no instance reports a data tier. */
    public boolean empty() {
        return instances == 0;
    }

    private static final List<String> WORST_FIRST = List.of("down", "lagging", "unknown", "up");

    /**
     * The sum of the instances' reports {@code now}, with rates against {@code before} (the previous reports by
     * instance id), {@code seconds} apart.
     */
    static DataTier of(long at, Map<String, InstanceDataReport> now, Map<String, InstanceDataReport> before,
                       double seconds) {
        Map<String, List<InstanceDataReport.Replica>> replicas = new LinkedHashMap<>();
        int reporting = 0;
        for (InstanceDataReport r : now.values()) {
            if (!r.empty()) {
                reporting++;
            }
            r.replicas().forEach(x -> replicas.computeIfAbsent(x.name(), n -> new ArrayList<>()).add(x));
        }
        List<Replica> rows = new ArrayList<>();
        replicas.forEach((name, seen) -> rows.add(replica(name, seen)));
        return new DataTier(at, reporting, List.copyOf(rows), caches(now, before, seconds),
            connections(now, before, seconds));
    }

    private static Replica replica(String name, List<InstanceDataReport.Replica> seen) {
        String worst = "up";
        int up = 0;
        double lag = Double.NaN;
        long bytes = -1;
        String problem = "";
        for (InstanceDataReport.Replica r : seen) {
            int rank = WORST_FIRST.indexOf(r.state());
            if (rank >= 0 && rank < WORST_FIRST.indexOf(worst)) {
                worst = r.state();
            }
            up += "up".equals(r.state()) ? 1 : 0;
            Double l = r.lagSeconds();
            if (l != null) {
                lag = Double.isNaN(lag) ? l : Math.max(lag, l);
            }
            bytes = Math.max(bytes, r.lagBytes());
            problem = problem.isEmpty() ? r.problem() : problem;
        }
        return new Replica(name, worst, up, seen.size(), Double.isNaN(lag) ? null : lag, bytes, problem);
    }

    private static List<Cache> caches(Map<String, InstanceDataReport> now, Map<String, InstanceDataReport> before,
                                      double seconds) {
        Map<String, double[]> sums = new TreeMap<>(); // reads, hits, recent reads, recent hits, redis errors
        now.forEach((id, report) -> {
            InstanceDataReport previous = before.getOrDefault(id, InstanceDataReport.NONE);
            for (InstanceDataReport.Cache c : report.caches()) {
                double[] s = sums.computeIfAbsent(c.name(), n -> new double[5]);
                s[0] += c.reads();
                s[1] += c.hits();
                s[4] += c.redisErrors();
                InstanceDataReport.Cache p = previous.caches().stream().filter(x -> x.name().equals(c.name()))
                    .findFirst().orElse(null);
                if (p != null) {
                    boolean restarted = c.reads() < p.reads();
                    s[2] += restarted ? c.reads() : c.reads() - p.reads();
                    s[3] += restarted ? c.hits() : c.hits() - p.hits();
                }
            }
        });
        List<Cache> caches = new ArrayList<>();
        sums.forEach((name, s) -> caches.add(new Cache(name, s[2] > 0 ? s[3] / s[2] : null,
            s[0] > 0 ? s[1] / s[0] : 0, seconds > 0 ? s[2] / seconds : 0, (long) s[4])));
        return List.copyOf(caches);
    }

    private static Map<String, Double> connections(Map<String, InstanceDataReport> now,
                                                   Map<String, InstanceDataReport> before, double seconds) {
        Map<String, Double> perSecond = new TreeMap<>();
        now.forEach((id, report) -> {
            Map<String, Double> previous = before.getOrDefault(id, InstanceDataReport.NONE).connections();
            report.connections().forEach((node, n) -> {
                Double p = previous.get(node);
                double grown = p == null ? 0 : n < p ? n : n - p;
                perSecond.merge(node, seconds > 0 ? grown / seconds : 0, Double::sum);
            });
        });
        return Collections.unmodifiableMap(perSecond);
    }
}
