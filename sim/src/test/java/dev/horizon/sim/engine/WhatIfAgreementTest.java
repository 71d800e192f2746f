package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.autoscale.Behavior;
import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Tolerance;
import dev.horizon.autoscale.WhatIf;
import dev.horizon.sim.model.CapacityModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14's oracle: the simulator's autoscaler decisions equal {@code horizon autoscale what-if} on the same inputs.
 * Every evaluation of a run becomes a what-if case — its reading, its count, its ready instances, and as history the
 * raw recommendations and scale events before it — and {@link WhatIf#evaluate(WhatIf.Case)} must give the same raw
 * recommendation and the same count. (What-if has no scale-in hold, so an evaluation the hold changed is left out.)
 */
class WhatIfAgreementTest {

    /** A raw recommendation or a scale event, when it happened. */
    private record Past(Instant at, int value) {
    }

    private static void agrees(MetricSpec metric, double rps, long seed) {
        ScalingPolicy policy = ScalingPolicy.of(1, 10, metric);
        Scenario s = Scenario.builder(QueueingTest.steady(rps, 600), CapacityModel.assumed("shop", 10), policy)
            .concurrency(1, 1000).seed(seed).build();
        List<Simulation.Evaluation> evaluations = new ArrayList<>();
        Simulation.run(s, new Simulation.Listener() {
            @Override
            public void evaluated(Simulation.Evaluation e) {
                evaluations.add(e);
            }
        });
        assertThat(evaluations).hasSize(599);
        List<Past> raws = new ArrayList<>();
        List<Past> events = new ArrayList<>();
        raws.add(new Past(evaluations.getFirst().decision().at(), evaluations.getFirst().current().count()));
        int compared = 0;
        int scaled = 0;
        for (Simulation.Evaluation e : evaluations) {
            Decision d = e.decision();
            Instant now = d.at();
            MetricReading reading = Objects.requireNonNull(e.readings().get(metric.name()));
            WhatIf.Case c = new WhatIf.Case(d.current(), policy.min(), policy.max(), Tolerance.DEFAULT, metric,
                reading, e.facts().ready(), Behavior.DEFAULT, ages(raws, now), ages(events, now), null);
            if (d.hold().note().isEmpty()) {
                WhatIf.Result r = WhatIf.evaluate(c);
                assertThat(r.raw()).as("raw at %s", e.time()).isEqualTo(d.raw());
                assertThat(r.desired()).as("desired at %s: %s", e.time(), d.explanation()).isEqualTo(d.desired());
                compared++;
            }
            raws.add(new Past(now, d.raw()));
            if (d.scales()) {
                events.add(new Past(now, d.desired() - d.current()));
                scaled++;
            }
        }
        assertThat(compared).isGreaterThan(500);
        assertThat(scaled).isPositive();
    }

    private static List<WhatIf.Past> ages(List<Past> past, Instant now) {
        return past.stream().map(p -> new WhatIf.Past(Duration.between(p.at(), now), p.value())).toList();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void cpuUtilizationDecisionsEqualWhatIf(long seed) {
        agrees(new MetricSpec("cpu", new MetricTarget.Utilization(50)), 250, seed);
    }

    @Test
    void inflightDecisionsEqualWhatIf() {
        agrees(new MetricSpec("inflight", new MetricTarget.AverageValue(2)), 300, 4);
    }

    @Test
    void latencyDecisionsEqualWhatIf() {
        agrees(new MetricSpec("latency-p95", new MetricTarget.Value(50)), 250, 5);
    }
}
