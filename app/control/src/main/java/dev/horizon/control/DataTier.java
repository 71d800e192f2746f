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
 * lagging, then unknown, then up; a state it does not know counts as unknown), with how many see it up, the largest
 * lag any of them measured, and the problem of the first instance (by id) that sees the worst state. A cache's hit
 * ratio is over the last interval (the counters' growth since each instance's previous answer: a restarted instance
 * counts from zero), and since the instances started; a rate is each instance's growth over the time between its
 * own two answers, summed.
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
     * The sum of the instances' reports {@code now}, with rates against {@code before} (each instance's previous
     * report, by instance id) over {@code seconds} (the time between its two reports; an instance missing from either
     * has no interval yet).
     */
    static DataTier of(long at, Map<String, InstanceDataReport> now, Map<String, InstanceDataReport> before,
                       Map<String, Double> seconds) {
        Map<String, List<InstanceDataReport.Replica>> replicas = new LinkedHashMap<>();
        int reporting = 0;
        for (InstanceDataReport r : new TreeMap<>(now).values()) {
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
        int worst = WORST_FIRST.size() - 1;
        int up = 0;
        double lag = Double.NaN;
        long bytes = -1;
        String problem = "";
        for (InstanceDataReport.Replica r : seen) {
            int rank = WORST_FIRST.indexOf(r.state());
            rank = rank < 0 ? WORST_FIRST.indexOf("unknown") : rank;
            if (rank < worst) {
                worst = rank;
                problem = r.problem();
            }
            up += "up".equals(r.state()) ? 1 : 0;
            Double l = r.lagSeconds();
            if (l != null) {
                lag = Double.isNaN(lag) ? l : Math.max(lag, l);
            }
            bytes = Math.max(bytes, r.lagBytes());
        }
        return new Replica(name, WORST_FIRST.get(worst), up, seen.size(), Double.isNaN(lag) ? null : lag, bytes,
            problem);
    }

    private static List<Cache> caches(Map<String, InstanceDataReport> now, Map<String, InstanceDataReport> before,
                                      Map<String, Double> seconds) {
        // reads, hits, recent reads, recent hits, redis errors, recent reads per second
        Map<String, double[]> sums = new TreeMap<>();
        now.forEach((id, report) -> {
            InstanceDataReport previous = before.getOrDefault(id, InstanceDataReport.NONE);
            double interval = seconds.getOrDefault(id, 0.0);
            for (InstanceDataReport.Cache c : report.caches()) {
                double[] s = sums.computeIfAbsent(c.name(), n -> new double[6]);
                s[0] += c.reads();
                s[1] += c.hits();
                s[4] += c.redisErrors();
                InstanceDataReport.Cache p = previous.caches().stream().filter(x -> x.name().equals(c.name()))
                    .findFirst().orElse(null);
                if (p != null && interval > 0) {
                    boolean restarted = c.reads() < p.reads() || c.hits() < p.hits();
                    double reads = restarted ? c.reads() : c.reads() - p.reads();
                    s[2] += reads;
                    s[3] += restarted ? c.hits() : c.hits() - p.hits();
                    s[5] += reads / interval;
                }
            }
        });
        List<Cache> caches = new ArrayList<>();
        sums.forEach((name, s) -> caches.add(new Cache(name, s[2] > 0 ? s[3] / s[2] : null,
            s[0] > 0 ? s[1] / s[0] : 0, s[5], (long) s[4])));
        return List.copyOf(caches);
    }

    private static Map<String, Double> connections(Map<String, InstanceDataReport> now,
        Map<String, InstanceDataReport> before, Map<String, Double> seconds) {
        Map<String, Double> perSecond = new TreeMap<>();
        now.forEach((id, report) -> {
            Map<String, Double> previous = before.getOrDefault(id, InstanceDataReport.NONE).connections();
            double interval = seconds.getOrDefault(id, 0.0);
            report.connections().forEach((node, n) -> {
                Double p = previous.get(node);
                double grown = p == null || interval <= 0 ? 0 : n < p ? n : n - p;
                perSecond.merge(node, interval > 0 ? grown / interval : 0, Double::sum);
            });
        });
        return Collections.unmodifiableMap(perSecond);
    }
}
