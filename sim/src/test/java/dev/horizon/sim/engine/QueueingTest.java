package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.MixEntry;
import dev.horizon.sim.model.MmcQueue;
import dev.horizon.sim.model.ServiceMix;
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
    void withTheModelsMixAnInstanceThatNeverQueuesServesTheHyperexponential() {
        // 90 % of 4 ms and 10 % of 80 ms alone: mean 11.6 ms, so μ = 1000 / 11.6 per second. With a contention-free
        // curve and more workers than are ever in flight (M/G/∞: 20 req/s × 11.6 ms is 0.23 in flight on average)
        // no request waits and each progresses at μ, so the response time is the work alone: its p95 is the
        // mixture's closed form, 80 ln 2 = 55.5 ms, where one exponential of the same mean has 3.0 × 11.6 = 34.8 ms.
        // (One worker would add M/G/1's wait, which even at ρ = 0.01 moves this heavy tail's p95 by several ms.)
        List<MixEntry> mix = List.of(new MixEntry("GET /products", 90, 4), new MixEntry("POST /login", 10, 80));
        double mu = 1000 / 11.6;
        Scenario s = Scenario.builder(steady(20, 4 * 3600), free(mu).withMix(mix), ScalingPolicy.of(1, 1))
            .concurrency(100, 100_000).seed(13).build();
        Summary summary = Simulation.run(s).summary();
        double p95 = new ServiceMix(mix).quantile(0.95) * 11.6;
        assertThat(p95).isCloseTo(55.5, within(0.1));
        assertThat(summary.p95Ms()).isCloseTo(p95, within(p95 * 0.04));
        assertThat(summary.meanMs()).isCloseTo(11.6, within(11.6 * 0.02));
        Summary plain = Simulation.run(Scenario.builder(steady(20, 4 * 3600), free(mu), ScalingPolicy.of(1, 1))
            .concurrency(100, 100_000).seed(13).build()).summary();
        assertThat(plain.p95Ms()).isCloseTo(-Math.log(0.05) * 11.6, within(34.8 * 0.04));
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
