package dev.horizon.sim.engine;

import static dev.horizon.sim.engine.QueueingTest.free;
import static dev.horizon.sim.engine.QueueingTest.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.limit.ConcurrencyLimit;
import dev.horizon.sim.trace.Trace;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The gateway's concurrency limit in the simulator: the same {@code limit} laws, fed the simulated latencies at
 * virtual time; a request over the limit is shed (rejected, counted as shed, in no latency percentile).
 */
class LoadSheddingTest {

    /** One request alone takes about 11.6 days: nothing admitted finishes within a test's trace. */
    private static final double FOREVER = 1e-6;

    private static Scenario.Builder oneInstance(Trace trace, double mu, int workers, AdmissionLimit limit) {
        return Scenario.builder(trace, free(mu), ScalingPolicy.of(1, 1)).concurrency(workers, 100_000)
            .requestTimeout(Duration.ofHours(1)).admissionLimit(limit);
    }

    private static Trace burst(double rps, int seconds, int total) {
        double[] rates = new double[total];
        Arrays.fill(rates, 0, seconds, rps);
        return Trace.of(rates);
    }

    @Test
    void aFixedLimitAdmitsExactlyItsLimitAndShedsTheRest() {
        Summary s = Simulation.run(oneInstance(burst(100, 10, 10), FOREVER, 200,
            AdmissionLimit.of(() -> ConcurrencyLimit.fixed(10))).seed(3).build()).summary();
        assertThat(s.requests()).isBetween(900L, 1100L);
        assertThat(s.unfinished()).isEqualTo(10);
        assertThat(s.shed()).isEqualTo(s.requests() - 10);
        assertThat(s.rejected()).isEqualTo(s.shed());
        assertThat(s.served() + s.timedOut()).isZero();
    }

    @Test
    void withoutALimitNothingIsShed() {
        Summary s = Simulation.run(Scenario.builder(burst(100, 10, 10), free(FOREVER), ScalingPolicy.of(1, 1))
            .concurrency(200, 100_000).seed(3).build()).summary();
        assertThat(s.shed()).isZero();
        assertThat(s.unfinished()).isEqualTo(s.requests());
    }

    /**
     * A fixed limit of {@code K} in front of one instance of {@code c} workers makes it M/M/c/K: a share
     * {@code p_K} of the arrivals is shed (arrivals see time averages), and the admitted requests' response times
     * are those of M/M/c/K, however far past its capacity the load is.
     */
    @Test
    void aFixedLimitMakesOneInstanceAnMmcKQueue() {
        // λ = 1000/s against 4 workers of μ = 100/s (2.5× overload), K = 8
        Summary s = Simulation.run(oneInstance(steady(1000, 600), 100, 4,
            AdmissionLimit.of(() -> ConcurrencyLimit.fixed(8))).seed(11).build()).summary();
        MmcK oracle = new MmcK(1000, 100, 4, 8);
        assertThat(oracle.blocking()).isCloseTo(0.6011, within(1e-4));
        assertThat((double) s.shed() / s.requests()).isCloseTo(oracle.blocking(), within(0.005));
        assertThat(s.rejected()).isEqualTo(s.shed());
        assertThat(s.timedOut()).isZero();
        assertThat(s.meanMs()).isCloseTo(oracle.meanResponse() * 1000, within(oracle.meanResponse() * 1000 * 0.03));
        double p95 = oracle.responseQuantile(0.95) * 1000;
        assertThat(s.p95Ms()).isCloseTo(p95, within(p95 * 0.05));
    }

    @Test
    void withoutTheLimitTheSameOverloadQueuesIntoTimeouts() {
        Summary s = Simulation.run(Scenario.builder(steady(1000, 120), free(100), ScalingPolicy.of(1, 1))
            .concurrency(4, 100_000).requestTimeout(Duration.ofSeconds(30)).seed(11).build()).summary();
        assertThat(s.shed()).isZero();
        assertThat(s.p95Ms()).isGreaterThan(10_000);
    }

    @Test
    void theQueueHoldsWhatItCanAndShedsItsRequestsAtTheirDeadline() {
        // 100 rps in second 0 only; nothing admitted ends; 10 admitted, 20 wait 2 s, the rest are shed at once
        AdmissionLimit limit = AdmissionLimit.of(() -> ConcurrencyLimit.fixed(10)).withQueue(20, Duration.ofSeconds(2));
        Simulation.Result r = Simulation.run(oneInstance(burst(100, 1, 4), FOREVER, 200, limit).seed(5).build());
        Timeline t = r.timeline();
        int arrivals = t.row(0).arrivals();
        assertThat(arrivals).isGreaterThan(30);
        assertThat(t.row(0).shed()).isEqualTo(arrivals - 30);
        assertThat(t.row(1).shed()).isZero();
        assertThat(t.row(2).shed()).isEqualTo(20);
        assertThat(t.row(3).shed()).isZero();
        assertThat(r.summary().unfinished()).isEqualTo(10);
    }

    @Test
    void aLimitOfOneWithALongQueueIsMm1Again() {
        // the wait in the gateway's queue is part of the latency: one worker behind a limit of 1 is M/M/1
        AdmissionLimit limit = AdmissionLimit.of(() -> ConcurrencyLimit.fixed(1))
            .withQueue(100_000, Duration.ofHours(1));
        Summary s = Simulation.run(oneInstance(steady(50, 4 * 3600), 100, 1, limit).seed(7).build()).summary();
        assertThat(s.shed()).isZero();
        assertThat(s.meanMs()).isCloseTo(20.0, within(20.0 * 0.03));
        assertThat(s.p95Ms()).isCloseTo(Math.log(20) / 50 * 1000, within(59.9 * 0.05));
    }

    /**
     * Gradient2 (min 16, max 64) over one instance of 8 workers at 100/s: at 400 rps it learns the baseline and sheds
     * nothing; when the load jumps to 4,000 rps the latency doubles, the limit falls towards its minimum but never
     * under it, the instance stays busy (no collapse), and as the baseline catches up the limit climbs to its maximum.
     */
    @Test
    void gradient2ShrinksOnALatencyJumpNeverUnderItsMinimumAndKeepsTheInstanceBusy() {
        double[] rates = new double[300];
        Arrays.fill(rates, 0, 120, 400);
        Arrays.fill(rates, 120, 300, 4000);
        Timeline t = Simulation.run(oneInstance(Trace.of(rates), 100, 8,
            AdmissionLimit.of(() -> ConcurrencyLimit.gradient2(16, 64))).seed(5).build()).timeline();
        int lowest = Integer.MAX_VALUE;
        int served = 0;
        for (int s = 0; s < 300; s++) {
            Timeline.Row row = t.row(s);
            assertThat(row.concurrencyLimit()).as("second %d", s).isBetween(16, 64);
            if (s < 120) {
                assertThat(row.shed()).as("second %d", s).isZero();
            } else {
                lowest = Math.min(lowest, row.concurrencyLimit());
                assertThat(row.p95Ms()).as("second %d", s).isLessThan(130);
                served += row.served();
                if (s % 10 == 9) {
                    // capacity 8,000 per 10 s: the limit never throttles the instance below it
                    assertThat(served).as("seconds %d to %d", s - 9, s).isGreaterThan(7_600);
                    served = 0;
                }
            }
        }
        assertThat(t.row(119).concurrencyLimit()).isEqualTo(30);
        assertThat(lowest).isEqualTo(17);
        assertThat(t.row(121).concurrencyLimit()).isLessThan(t.row(119).concurrencyLimit());
        assertThat(t.row(299).concurrencyLimit()).isEqualTo(64);
    }

    @Test
    void theThresholdLeavesPartOfTheLimitForHigherPriorities() {
        // a normal request under max 10 is admitted while fewer than 10 − 10/10 = 9 are in flight
        AdmissionLimit limit = AdmissionLimit.of(() -> ConcurrencyLimit.fixed(10)).withThreshold(l -> l - l / 10);
        Summary s = Simulation.run(oneInstance(burst(100, 10, 10), FOREVER, 200, limit).seed(3).build())
            .summary();
        assertThat(s.unfinished()).isEqualTo(9);
        assertThat(s.shed()).isEqualTo(s.requests() - 9);
    }

    /** M/M/c/K: Poisson arrivals at {@code lambda}, {@code c} exponential servers at {@code mu}, room for K. */
    private static final class MmcK {
        private final double mu;
        private final int c;
        private final double lambda;
        private final double[] p;

        MmcK(double lambda, double mu, int c, int k) {
            this.lambda = lambda;
            this.mu = mu;
            this.c = c;
            p = new double[k + 1];
            p[0] = 1;
            double sum = 1;
            for (int n = 1; n <= k; n++) {
                p[n] = p[n - 1] * lambda / mu / Math.min(n, c);
                sum += p[n];
            }
            for (int n = 0; n <= k; n++) {
                p[n] /= sum;
            }
        }

        double blocking() {
            return p[p.length - 1];
        }

        /** Little's law over the admitted arrivals. */
        double meanResponse() {
            double l = 0;
            for (int n = 0; n < p.length; n++) {
                l += n * p[n];
            }
            return l / (lambda * (1 - blocking()));
        }

        /**
         * The admitted arrivals' response-time quantile: one that finds {@code n} waits for {@code n − c + 1}
         * departures at rate {@code cμ} when {@code n ≥ c}, then its own service at {@code μ}.
         */
        double responseQuantile(double q) {
            double lo = 0;
            double hi = 10;
            for (int i = 0; i < 100; i++) {
                double mid = (lo + hi) / 2;
                if (1 - survival(mid) < q) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return hi;
        }

        private double survival(double t) {
            double admitted = 1 - blocking();
            double s = 0;
            for (int n = 0; n < p.length - 1; n++) {
                double w = p[n] / admitted;
                if (n < c) {
                    s += w * Math.exp(-mu * t);
                } else {
                    int k = n - c + 1;
                    double r = c * mu;
                    double beta = r - mu;
                    // P(Erlang(k, r) + Exp(μ) > t) = P(Erlang(k, r) > t) + e^(−μt) (r/β)^k P(Erlang(k, β) ≤ t)
                    s += w * (erlangSurvival(k, r, t) + Math.exp(-mu * t) * Math.pow(r / beta, k)
                        * (1 - erlangSurvival(k, beta, t)));
                }
            }
            return s;
        }

        private static double erlangSurvival(int k, double rate, double t) {
            double term = Math.exp(-rate * t);
            double sum = term;
            for (int i = 1; i < k; i++) {
                term *= rate * t / i;
                sum += term;
            }
            return sum;
        }
    }
}
