package dev.horizon.sim.engine;

import static dev.horizon.sim.engine.QueueingTest.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A new instance's warm-up ({@link ColdStart}): slow at first, its excess cost decaying as documented. */
class ColdStartTest {

    /**
     * One instance of 100 req/s (10 ms a request), offered 400 req/s, killed at 20 s; its replacement is ready at
     * 25 s (the default start-to-ready): what it serves in its first five seconds.
     */
    private static long servedByTheReplacement(@Nullable ColdStart cold) {
        Scenario.Builder b = Scenario.builder(steady(400, 40), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(1, 1)).concurrency(8, 100_000).requestTimeout(Duration.ofMinutes(10)).seed(3)
            .kill(new Kill(Duration.ofSeconds(20)));
        if (cold != null) {
            b.coldStart(cold);
        }
        Timeline t = Simulation.run(b.build()).timeline();
        assertThat(t.row(24).ready() + t.row(24).warming()).isZero();
        long n = 0;
        for (int s = 25; s < 30; s++) {
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
    }

    @Test
    void aNewInstanceServesAtItsWarmSpeedDividedByTheSlowdownOfEachSecond() {
        // ready at 25.0: m = 3 for its first second (the factor at readiness), then m at the middle of each second,
        // 1 + 2e^(−a/5) for a = 1.5, 2.5, 3.5, 4.5: 100 × (1/3 + 1/2.4816 + 1/2.2131 + 1/1.9932 + 1/1.8131) = 224
        assertThat(servedByTheReplacement(new ColdStart(3, Duration.ofSeconds(5)))).isCloseTo(224L, within(16L));
        assertThat(servedByTheReplacement(null)).isCloseTo(500L, within(30L));
    }
}
