package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.Traces;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The proof for predictive scaling: over a synthetic week of {@code daily} traffic with a steep morning ramp,
 * the target-tracking policy with predictive scaling added spends fewer minutes over the SLO than the same policy
 * alone, for at most 10 % more instance-hours. The predictive policy starts with no history: it learns the first day
 * and forecasts from the second on, as AWS's does.
 */
class PredictiveWeekTest {

    /**
     * 2.5 req/s at the trough, 37.5 at 8:00 after a three-minute morning ramp from 7:57, falling slowly through the
     * day; 5 % noise; a week. Requests are few (12 million) so the test stays short; the dynamics are those of a
     * fleet ten times the size with requests ten times shorter.
     */
    static final String WEEK = "daily:base=2.5,peak=37.5,trough-at=477m,peak-at=8h,noise=0.05,duration=168h";

    /**
     * One request takes 80 ms of a core: 12.5 req/s an instance of one core, and the policy holds 60 % of that, 7.5
     * req/s; a minute is over the SLO when its p95 passes 1 s (at 60 % an instance's p95 is about 600 ms). Instances
     * take a minute to be ready and warm up for 30 s, so a reaction to the ramp comes late.
     */
    private static Summary run(Trace week, boolean predictive) {
        ScalingPolicy reactive = ScalingPolicy.of(1, 30, new MetricSpec("cpu", new MetricTarget.Utilization(60)));
        ScalingPolicy policy = predictive ? reactive.withPredictive(PredictivePolicy.of("rps", 7.5)) : reactive;
        Scenario s = Scenario.builder(week, CapacityModel.assumed("shop", 80), policy)
            .size(new Resources(Cpu.parse("1"), null))
            .timings(new Scenario.Timings(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(1)))
            .sloP95(Duration.ofSeconds(1)).seed(5).build();
        return Simulation.run(s).summary();
    }

    @Test
    void predictiveSpendsFewerMinutesOverTheSloForAtMostTenPercentMoreInstanceHours() {
        Trace week = Traces.load(WEEK);
        Summary alone = run(week, false);
        Summary withForecast = run(week, true);
        // seed 5: the reactive policy alone spends 13 minutes over, about two each morning; with the forecast 1 (on
        // the first morning, before it has a day of history), for 0.2 % more instance-hours (bench/RESULTS.md)
        assertThat(alone.minutesOverSlo()).isEqualTo(13);
        assertThat(withForecast.minutesOverSlo()).isEqualTo(1);
        assertThat(withForecast.instanceHours()).isLessThanOrEqualTo(alone.instanceHours() * 1.10);
    }
}
