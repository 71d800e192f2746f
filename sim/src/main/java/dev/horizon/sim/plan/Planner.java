package dev.horizon.sim.plan;

import dev.horizon.duration.DurationText;
import dev.horizon.sim.engine.Summary;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.SizeCatalog;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Puts the simulated strategies side by side: a {@link PlanRow} from each run's {@link Summary}, the clairvoyant
 * bound, and the {@link Recommendation}. The runs themselves are the caller's (the command line runs them in
 * parallel; this module has no threads).
 */
public final class Planner {

    /** The share of minutes and of requests allowed over the SLO when none is given: a 99 % objective. */
    public static final double DEFAULT_BUDGET = 0.01;

    private Planner() {
    }

    /**
     * The planner's answer.
     *
     * @param rows           one per strategy, in the order simulated
     * @param bound          the clairvoyant bound
     * @param recommendation the strategy to use, and why
     * @param slo            the SLO, as the table prints it ({@code p95 ≤ 300ms})
     * @param budget         the share allowed over it
     */
    public record Plan(List<PlanRow> rows, Clairvoyant.Bound bound, Recommendation recommendation, String slo,
                       double budget) {
        /** Copies the rows. */
        public Plan {
            rows = List.copyOf(rows);
        }
    }

    /** The row for a run of {@code trace} named {@code name}. */
    public static PlanRow row(String name, Summary s, Trace trace) {
        double hours = trace.seconds() / 3600.0;
        long minutes = (trace.seconds() + 59) / 60;
        return new PlanRow(name, s.cost() / hours * SizeCatalog.HOURS_PER_MONTH, Math.min(s.minutesOverSlo(), minutes),
            minutes, s.requests(), s.rejected() + s.timedOut(), s.peakInstances(),
            s.peakCpu() <= 0 ? "-" : Cpu.millicores(s.peakCpu()).toString(), s.instanceHours());
    }

    /**
     * The plan for {@code rows}.
     *
     * @param verticalStop where vertical stops, or null when no strategy sizes instances
     */
    public static Plan of(List<PlanRow> rows, Clairvoyant.Bound bound, Duration sloP95, double budget,
                          Recommendation.@Nullable VerticalStop verticalStop) {
        if (!(budget >= 0 && budget < 1)) {
            throw new IllegalArgumentException("budget: " + budget + " (expected: a share in [0, 1))");
        }
        String slo = "p95 ≤ " + DurationText.format(sloP95);
        return new Plan(rows, bound, Recommendation.of(rows, bound, slo, budget, verticalStop), slo, budget);
    }
}
