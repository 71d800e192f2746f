package dev.horizon.autoscale;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The CPU a service needs at its targets, in millicores: what the shape law sizes against.
 *
 * <p>Implementation notes. A CPU utilization metric gives it directly as absolute usage over the target:
 * {@code Σ usage of the ready instances × 100 / target}, which does not depend on the size it was measured at. Any
 * other metric (in-flight requests, RPS, a queue, latency) proposes a count at the current size; that count times the
 * current CPU is its need; unrounded, {@code ratio × count × cpu}, so that one instance at a quarter of its target
 * needs a quarter of its CPU. This assumes that what an instance can carry grows in proportion to its CPU (an
 * instance twice the size counts as two). A metric inside its tolerance needs what the service has; a step policy's
 * proposal, which has no ratio, needs its count at the current size. The largest need wins, as the largest proposal
 * does for the count.
 */
final class Capacity {

    private Capacity() {
    }

    /** The need, from the metrics' proposals at {@code count} instances of {@code millicores}. */
    static double of(List<MetricSpec> metrics, Tolerance tolerance, List<Proposal> proposals,
                     Map<String, MetricReading> readings, int count, long millicores) {
        double have = (double) count * millicores;
        double need = 0;
        for (Proposal p : proposals) {
            Integer replicas = p.replicas();
            if (replicas == null) {
                continue;
            }
            double ratio = p.ratio();
            double usage = Double.isNaN(ratio) ? (double) replicas * millicores
                : tolerance.isWithin(ratio) ? have : absoluteUsage(metrics, p.source(), readings.get(p.source()));
            need = Math.max(need, usage >= 0 ? usage : ratio * have);
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
