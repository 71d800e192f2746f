package dev.horizon.sim.plan;

import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The strategies {@code horizon plan} compares, derived from the service as configured: the configuration itself;
 * horizontal at each size of the catalogue; vertical only, vertical-first and cheapest between the configured
 * vertical bounds (or, without them, across the catalogue); scheduled, an {@link HourlySchedule} written from the
 * trace beside the configured policy; and predictive, the configured policy with AWS-style predictive scaling at the
 * rate an instance should carry (unless the configuration has a predictive policy already), its history the trace's
 * own past ({@link PastTraffic}).
 *
 * <p>Implementation notes. A horizontal row per catalogue size keeps one size per CPU amount, the cheapest (the
 * default catalogue's t3 sizes all have 2 vCPU), as the autoscaler's size ladder does. The rate one instance should
 * carry — for the schedule, and for where vertical stops — is its curve's capacity times the share of it the policy
 * aims at: the first CPU utilization target's percentage, else {@value #DEFAULT_SHARE_PERCENT} %.
 */
public final class Candidates {

    /** The share of an instance's capacity aimed at when the policy has no CPU utilization target, in percent. */
    public static final int DEFAULT_SHARE_PERCENT = 70;

    /** How many minutes before each hour the scheduled strategy's minimum takes effect. */
    public static final int SCHEDULE_LEAD_MINUTES = 5;

    private Candidates() {
    }

    /**
     * The candidates for a service configured as {@code configured}.
     *
     * @param vertical the configured vertical policy, or null to size across the catalogue
     * @param workers  the most requests an instance serves at once
     */
    public static List<Candidate> of(Candidate configured, @Nullable VerticalPolicy vertical, SizeCatalog catalog,
                                     CapacityModel model, int workers, Trace trace) {
        Objects.requireNonNull(configured, "configured");
        List<Candidate> out = new ArrayList<>();
        out.add(configured);
        ScalingPolicy policy = configured.policy();
        for (Size s : cheapestPerCpu(catalog)) {
            out.add(new Candidate("horizontal " + s.name(), Strategy.HORIZONTAL, null, s.resources(), policy));
        }
        VerticalPolicy v = vertical != null ? vertical : acrossCatalog(catalog);
        if (v != null) {
            Resources smallest = new Resources(v.minCpu(), configured.size().memory());
            for (Strategy s : List.of(Strategy.VERTICAL, Strategy.VERTICAL_FIRST, Strategy.CHEAPEST)) {
                out.add(new Candidate(s.text(), s, v, smallest, policy));
            }
        }
        double perInstance = perInstance(model, configured.size(), workers, policy);
        if (perInstance > 0) {
            out.add(new Candidate("scheduled", Strategy.HORIZONTAL, null, configured.size(), policy.withSchedule(
                HourlySchedule.of(trace, perInstance, SCHEDULE_LEAD_MINUTES, policy.min(), policy.max()))));
            if (policy.predictive() == null) {
                out.add(new Candidate("predictive", Strategy.HORIZONTAL, null, configured.size(),
                    policy.withPredictive(PredictivePolicy.of(PredictivePolicy.DEFAULT_METRIC,
                        rpsTarget(policy, perInstance)))));
            }
        }
        return out;
    }

    /** The rate one instance of {@code size} should carry under {@code policy}: its capacity times the aimed share. */
    public static double perInstance(CapacityModel model, Resources size, int workers, ScalingPolicy policy) {
        Cpu cpu = Objects.requireNonNull(size.cpu(), "size.cpu");
        return model.at(cpu).capacity(workers) * sharePercent(policy) / 100.0;
    }

    /**
     * The rate per instance a predictive policy aims at: the target of a tracked {@code rps} metric when the policy
     * has one (what {@code autoscale.predictive.target} defaults to), else {@code perInstance}.
     */
    static double rpsTarget(ScalingPolicy policy, double perInstance) {
        for (MetricSpec m : policy.metrics()) {
            if (m.name().equals(PredictivePolicy.DEFAULT_METRIC) && m.target() instanceof MetricTarget.AverageValue v) {
                return v.value();
            }
        }
        return perInstance;
    }

    /** The share of an instance's capacity {@code policy} aims at, in percent. */
    static int sharePercent(ScalingPolicy policy) {
        for (MetricSpec m : policy.metrics()) {
            if (m.target() instanceof MetricTarget.Utilization u) {
                return Math.min(100, u.percent());
            }
        }
        return DEFAULT_SHARE_PERCENT;
    }

    /** The catalogue's sizes, one per CPU amount: the cheapest of those with the same CPU. */
    public static List<Size> cheapestPerCpu(SizeCatalog catalog) {
        List<Size> out = new ArrayList<>();
        for (Size s : catalog.sizes()) {
            if (!out.isEmpty() && out.getLast().cpu().equals(s.cpu())) {
                if (s.pricePerHour() < out.getLast().pricePerHour()) {
                    out.set(out.size() - 1, s);
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static @Nullable VerticalPolicy acrossCatalog(SizeCatalog catalog) {
        List<Size> sizes = catalog.sizes();
        if (sizes.isEmpty() || sizes.getFirst().cpu().equals(sizes.getLast().cpu())) {
            return null;
        }
        return new VerticalPolicy(sizes.getFirst().cpu(), sizes.getLast().cpu(), null, null,
            new VerticalPolicy.NextSize(catalog), VerticalPolicy.DEFAULT_HALF_LIFE);
    }
}
