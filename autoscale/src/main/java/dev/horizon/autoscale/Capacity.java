package dev.horizon.autoscale;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The CPU a service needs at its targets, in millicores: what the shape law sizes against.
 *
 * <p>Implementation notes. A CPU utilization metric gives it directly as absolute usage over the target:
 * {@code Σ usage of the ready instances × 100 / target}, which does not depend on the size it was measured at. Any
 * other metric (in-flight requests, RPS, a queue, latency) has a target written for an instance of the base CPU
 * ({@link VerticalPolicy#baseCpu()}, the configured size), and an instance of {@code cpu} is held to
 * {@code target × cpu / base}: what an instance can carry grows in proportion to its CPU (an instance twice the size
 * counts as two). The need is then {@code ratio × count × base} in millicores, which does not depend on the size it
 * was measured at either, so growing the size does not by itself read as more need (the fight of an HPA and a VPA on
 * one signal). A metric inside its tolerance at the scaled target needs what the service has; a step policy's
 * proposal, which has no ratio, needs its count at the current size. The largest need wins, as the largest proposal
 * does for the count.
 */
final class Capacity {

    private Capacity() {
    }

    /** The need, from the metrics' proposals at {@code count} instances of {@code millicores}. */
    static double of(List<MetricSpec> metrics, Tolerance tolerance, List<Proposal> proposals,
                     Map<String, MetricReading> readings, int count, long millicores, long baseMillicores) {
        double have = (double) count * millicores;
        double need = 0;
        for (Proposal p : proposals) {
            Integer replicas = p.replicas();
            if (replicas == null) {
                continue;
            }
            double ratio = p.ratio();
            double usage;
            if (Double.isNaN(ratio)) {
                usage = (double) replicas * millicores;
            } else {
                double absolute = absoluteUsage(metrics, p.source(), readings.get(p.source()));
                double scaled = ratio * baseMillicores / millicores;
                usage = absolute >= 0 ? (tolerance.isWithin(ratio) ? have : absolute)
                    : tolerance.isWithin(scaled) ? have : scaled * have;
            }
            need = Math.max(need, usage);
        }
        return need;
    }

    /** Σ usage × 100 / target for a utilization metric's per-instance reading, else -1. */
    private static double absoluteUsage(List<MetricSpec> metrics, String source, @Nullable MetricReading reading) {
        MetricTarget target = metrics.stream().filter(m -> m.name().equals(source)).map(MetricSpec::target)
            .findFirst().orElse(null);
        if (!(target instanceof MetricTarget.Utilization u) || !(reading instanceof MetricReading.PerInstance p)) {
            return -1;
        }
        double usage = 0;
        for (InstanceSample s : p.samples()) {
            Double v = s.value();
            if (s.phase() == Phase.RUNNING && s.ready() && !s.warming() && v != null) {
                usage += v;
            }
        }
        return usage * 100 / u.percent();
    }
}
