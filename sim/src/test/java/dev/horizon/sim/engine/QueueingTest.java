package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.MmcQueue;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One instance with no autoscaling is a textbook queue: with one worker M/M/1, with {@code c} workers and a
 * contention-free curve M/M/c. The simulated mean and p95 response times match {@link MmcQueue}'s closed forms.
 */
class QueueingTest {

    /** A constant rate of {@code rps} for {@code seconds}. */
    static Trace steady(double rps, int seconds) {
        double[] rates = new double[seconds];
        Arrays.fill(rates, rps);
        return Trace.of(rates);
    }

    /** A model where one request alone takes {@code 1/mu} seconds and requests in service never slow each other. */
    static CapacityModel free(double mu) {
        return new CapacityModel("test", List.of(SizeCurve.of(Cpu.millicores(1000),
            new UniversalScalability(0, 0, mu))));
    }

    private static Summary run(double lambda, double mu, int workers, long seed) {
        Scenario s = Scenario.builder(steady(lambda, 4 * 3600), free(mu), ScalingPolicy.of(1, 1))
            .concurrency(workers, 100_000).seed(seed).build();
        return Simulation.run(s).summary();
    }

    @Test
    void oneWorkerIsMm1() {
        // λ = 50/s, μ = 100/s: ρ = 0.5, mean response 1/(μ − λ) = 20 ms, p95 ln(20)/(μ − λ) = 59.9 ms
        Summary s = run(50, 100, 1, 7);
        MmcQueue oracle = new MmcQueue(50, 0.01, 1);
        assertThat(oracle.meanResponseTime()).isCloseTo(0.020, within(1e-12));
        assertThat(s.requests()).isBetween(715_000L, 725_000L);
        assertThat(s.rejected() + s.timedOut()).isZero();
        assertThat(s.meanMs()).isCloseTo(20.0, within(20.0 * 0.03));
        assertThat(s.p95Ms()).isCloseTo(oracle.responseTimeQuantile(0.95) * 1000, within(59.9 * 0.05));
    }

    @Test
    void fourWorkersWithoutContentionAreMmc() {
        // λ = 300/s over 4 servers of μ = 100/s: ρ = 0.75, Erlang C 0.509, mean response 15.1 ms
        Summary s = run(300, 100, 4, 11);
        MmcQueue oracle = new MmcQueue(300, 0.01, 4);
        double mean = oracle.meanResponseTime() * 1000;
        assertThat(s.meanMs()).isCloseTo(mean, within(mean * 0.03));
        double p95 = oracle.responseTimeQuantile(0.95) * 1000;
        assertThat(s.p95Ms()).isCloseTo(p95, within(p95 * 0.05));
    }
}
