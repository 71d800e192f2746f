package dev.horizon.sim.engine;

import static dev.horizon.sim.engine.QueueingTest.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.ProfilePoint;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A new instance's warm-up ({@link ColdStart}): slow at first, its excess cost decaying as documented. */
class ColdStartTest {

    /**
     * One instance of 1,000 req/s (1 ms a request), offered 4,000 req/s, killed at 20 s; its replacement is ready at
     * 25 s (the default start-to-ready): the requests served in seconds {@code from..to − 1}.
     */
    private static long served(@Nullable ColdStart cold, int from, int to) {
        Scenario.Builder b = Scenario.builder(steady(4000, 40), CapacityModel.assumed("shop", 1),
            ScalingPolicy.of(1, 1)).concurrency(8, 100_000).requestTimeout(Duration.ofMinutes(10)).seed(3)
            .kill(new Kill(Duration.ofSeconds(20)));
        if (cold != null) {
            b.coldStart(cold);
        }
        Timeline t = Simulation.run(b.build()).timeline();
        assertThat(t.row(24).ready() + t.row(24).warming()).isZero();
        long n = 0;
        for (int s = from; s < to; s++) {
            n += t.row(s).served();
        }
        return n;
    }

    @Test
    void theFactorDecaysAsDocumented() {
        ColdStart cold = new ColdStart(3, Duration.ofSeconds(5));
        assertThat(cold.slowdown(0)).isEqualTo(3.0);
        assertThat(cold.slowdown(5)).isCloseTo(1 + 2 / Math.E, within(1e-12));
        assertThat(cold.slowdown(-1)).isEqualTo(3.0);
        assertThat(new ColdStart(1, Duration.ofSeconds(1)).slowdown(0)).isEqualTo(1.0);
        assertThatThrownBy(() -> new ColdStart(0.5, Duration.ofSeconds(1)))
            .hasMessage("cold-start factor: 0.5 (expected: a number >= 1)");
        assertThatThrownBy(() -> new ColdStart(2, Duration.ZERO))
            .hasMessage("cold-start decay: 0s (expected: more than 0s)");
        // without a CPU curve of its own, a request's CPU follows its time
        assertThat(cold.cpuCost(5)).isEqualTo(cold.slowdown(5));
        ColdStart apart = new ColdStart(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(10));
        assertThat(apart.slowdown(2)).isCloseTo(1 + 2 / Math.E, within(1e-12));
        assertThat(apart.cpuCost(10)).isCloseTo(1 + 1 / Math.E, within(1e-12));
        assertThatThrownBy(() -> new ColdStart(2, Duration.ofSeconds(1), 0.9, Duration.ofSeconds(1)))
            .hasMessage("cold-start CPU factor: 0.9 (expected: a number >= 1)");
        assertThatThrownBy(() -> new ColdStart(2, Duration.ofSeconds(1), 2, Duration.ofSeconds(-1)))
            .hasMessage("cold-start CPU decay: -1s (expected: more than 0s)");
    }

    /**
     * The CPU utilization in seconds {@code from..to − 1} of one 2000m instance whose lone request in service takes
     * 1000m at 100 req/s (one worker), offered 25 req/s, killed at 20 s and replaced (ready at 25 s).
     */
    private static double[] utilization(@Nullable ColdStart cold, int from, int to) {
        SizeCurve curve = new SizeCurve(Cpu.millicores(2000), new UniversalScalability(1, 0, 100), 10, List.of(
            new ProfilePoint(1, 100, 7, 30, 1000), new ProfilePoint(2, 100, 14, 60, 1000)));
        Scenario.Builder b = Scenario.builder(steady(25, 40), new CapacityModel("shop", List.of(curve)),
            ScalingPolicy.of(1, 1)).concurrency(1, 100_000).seed(7).size(new Resources(Cpu.millicores(2000), null))
            .kill(new Kill(Duration.ofSeconds(20)));
        if (cold != null) {
            b.coldStart(cold);
        }
        Timeline t = Simulation.run(b.build()).timeline();
        double[] u = new double[to - from];
        for (int s = from; s < to; s++) {
            u[s - from] = t.row(s).cpuUtilization();
        }
        return u;
    }

    @Test
    void aNewInstanceTakesItsCpuCurveTimesTheCpuInTheMiddleOfEachSecond() {
        // m = 1: its requests are as fast as a warm one's, so the run is the warm run, second for second, but for the
        // CPU: c = 1 + e^(−a/5) at a = s + 0.5 − 25 times the warm run's, within its 2000m (1000m a request)
        double[] warm = utilization(null, 25, 35);
        double[] cold = utilization(new ColdStart(1, Duration.ofSeconds(5), 2, Duration.ofSeconds(5)), 25, 35);
        for (int k = 0; k < warm.length; k++) {
            assertThat(warm[k]).as("second %d", 25 + k).isPositive();
            assertThat(cold[k]).as("second %d", 25 + k)
                .isCloseTo(warm[k] * (1 + Math.exp(-(k + 0.5) / 5)), within(1e-9));
        }
    }

    @Test
    void aNewInstanceWhoseCpuItsSizeHoldsIsSlowedAsMuch() {
        // the assumed model's busy instance takes all of its size: a CPU curve of 3 there slows it as a time curve
        // of 3 does (0.4528 of the warm run in its first five seconds, ±3 %: Poisson work)
        ColdStart cpu = new ColdStart(1, Duration.ofSeconds(5), 3, Duration.ofSeconds(5));
        assertThat((double) served(cpu, 25, 30) / served(null, 25, 30)).isCloseTo(0.4528, within(0.0136));
    }

    @Test
    void aNewInstanceServesAtItsWarmSpeedDividedByTheSlowdownInTheMiddleOfEachSecond() {
        ColdStart cold = new ColdStart(3, Duration.ofSeconds(5));
        // ready at 25.0: m = 1 + 2e^(−a/5) at a = 0.5, 1.5, 2.5, 3.5, 4.5 — 2.8097, 2.4816, 2.2131, 1.9932, 1.8131 —
        // so 1,000 × Σ 1/m = 2,264 in five seconds where a warm one serves 5,000
        // against the warm run of the same seed (the same work drawn): 2,264 / 5,000 = 0.4528, ±3 % (m at each
        // second's start would make 0.4286, m a second late 0.483)
        long warm = served(null, 25, 30);
        assertThat(warm).isCloseTo(5000L, within(150L));
        assertThat((double) served(cold, 25, 30) / warm).isCloseTo(0.4528, within(0.0136));
        // the instance the simulation starts with is warm: before the kill, the same as without a cold start
        assertThat(served(cold, 0, 20)).isEqualTo(served(null, 0, 20));
        // 10 to 15 s after readiness the excess has decayed to e^(−2.1..−2.9): Σ 1/m = 4.276 of 5 (±3 %)
        assertThat((double) served(cold, 35, 40) / served(null, 35, 40)).isCloseTo(0.8552, within(0.0257));
    }
}
