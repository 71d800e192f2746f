package dev.horizon.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sim.engine.Scenario;
import dev.horizon.sim.engine.Simulation;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner end to end on a short trace: every candidate simulated with the real engine, the table, the JSON and
 * the recommendation.
 */
class PlannerTest {

    private static final SizeCatalog CATALOG = SizeCatalog.of(List.of(
        new Size("small", Cpu.parse("500m"), Memory.gibibytes(1), 0.02),
        new Size("small-b", Cpu.parse("500m"), Memory.gibibytes(2), 0.03),
        new Size("large", Cpu.parse("2"), Memory.gibibytes(4), 0.09)));
    /** 20 ms of a core a request: 25 req/s at 500m, 100 at 2 cores. */
    private static final CapacityModel MODEL = CapacityModel.assumed("shop", 20);
    private static final ScalingPolicy POLICY = ScalingPolicy.of(1, 20,
        new MetricSpec("cpu", new MetricTarget.Utilization(60)));
    private static final Resources SMALL = new Resources(Cpu.parse("500m"), null);

    /** An hour: 20 req/s, a jump to 120 req/s for 15 minutes at 0:20, then 20 again. */
    private static Trace trace() {
        double[] rps = new double[3600];
        for (int t = 0; t < rps.length; t++) {
            rps[t] = t >= 1200 && t < 2100 ? 120 : 20;
        }
        return Trace.of(rps);
    }

    @Test
    void candidatesCoverEachSizeEveryVerticalStrategyAndTheSchedule() {
        Candidate configured = new Candidate("as configured", Strategy.HORIZONTAL, null, SMALL, POLICY);
        List<Candidate> c = Candidates.of(configured, null, CATALOG, MODEL, 200, trace());
        assertThat(c).extracting(Candidate::name).containsExactly("as configured", "horizontal small",
            "horizontal large", "vertical", "vertical-first", "cheapest", "scheduled", "predictive");
        Candidate vertical = c.get(3);
        assertThat(vertical.size()).isEqualTo(SMALL);
        assertThat(vertical.vertical()).isNotNull();
        // 25 req/s at 60 %: 15 per instance; hour 0 (from 23:55) sees 120 req/s → 8, hour 1 (from 0:55) 20 → 2
        assertThat(c.get(7).policy().predictive()).isNotNull();
        assertThat(c.get(7).policy().predictive().target()).isEqualTo(15);
        assertThat(c.get(6).policy().schedule()).extracting(a -> a.cron().toString() + " " + a.min())
            .containsExactly("55 23 * * * 8", "55 0 * * * 2");
    }

    @Test
    void theScheduleMeetsTheSloWhereReactingAloneBreaksItAndThePlanSaysSo() {
        Trace trace = trace();
        Candidate configured = new Candidate("as configured", Strategy.HORIZONTAL, null, SMALL, POLICY);
        List<PlanRow> rows = new ArrayList<>();
        for (Candidate c : Candidates.of(configured, null, CATALOG, MODEL, 200, trace)) {
            Scenario s = c.applyTo(Scenario.builder(trace, MODEL, c.policy()), trace).catalog(CATALOG)
                .sloP95(Duration.ofMillis(300)).seed(3).build();
            rows.add(Planner.row(c.name(), Simulation.run(s).summary(), trace));
        }
        Clairvoyant.Bound bound = Clairvoyant.of(trace, MODEL, Candidates.cheapestPerCpu(CATALOG), 200);
        Planner.Plan plan = Planner.of(rows, bound, Duration.ofMillis(300), Planner.DEFAULT_BUDGET, null);
        PlanRow reactive = rows.getFirst();
        PlanRow scheduled = rows.get(6);
        PlanRow predictive = rows.get(7);
        assertThat(reactive.minutesOverSlo()).isPositive();
        assertThat(scheduled.minutesOverSlo()).isLessThan(reactive.minutesOverSlo());
        // with the trace's own past as history, the forecast sees the jump coming
        assertThat(predictive.minutesOverSlo()).isLessThan(reactive.minutesOverSlo());
        assertThat(rows).allSatisfy(r -> assertThat(r.costPerMonth()).isGreaterThanOrEqualTo(bound.perMonth()));
        assertThat(PlanReport.text(plan)).startsWith("strategy                  cost/month  minutes over    failed  "
            + "peak  largest\nas configured").contains("\nclairvoyant bound ", "\nRecommendation: " + plan
            .recommendation().strategy() + " is the cheapest that keeps p95 ≤ 300ms: ");
        assertThat(PlanReport.json(plan)).contains("\"strategy\" : \"scheduled\"", "\"meets-slo\" : true",
            "\"clairvoyant\" : {");
    }

    @Test
    void aBudgetOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> Planner.of(List.of(), Clairvoyant.of(Trace.of(1), MODEL, CATALOG.sizes(), 1),
            Duration.ofMillis(300), 1, null)).hasMessage("budget: 1.0 (expected: a share in [0, 1))");
    }
}
