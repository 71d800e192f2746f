package dev.horizon.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * M/M/c with Erlang C against a table computed by hand. The running case: {@code λ = 15/s}, {@code S = 100ms}
 * ({@code μ = 10/s}), so {@code a = λS = 1.5} erlangs.
 *
 * <pre>
 * Erlang C: C(c, a) = [a^c/c! · 1/(1−ρ)] / [Σ_{k&lt;c} a^k/k! + a^c/c! · 1/(1−ρ)],  ρ = a/c,  W_q = C / (cμ − λ)
 *
 *  c  ρ      a^c/c!·1/(1−ρ)          Σ_{k&lt;c} a^k/k!        C                              W_q
 *  1  1.5    unstable (λ ≥ cμ)
 *  2  0.75   1.125·4       = 4.5     1+1.5        = 2.5    4.5/7        = 9/14   = 0.642857  (9/14)/5    = 128.571ms
 *  3  0.5    0.5625·2      = 1.125   2.5+1.125    = 3.625  1.125/4.75   = 9/38   = 0.236842  (9/38)/15   = 15.789ms
 *  4  0.375  0.2109375·1.6 = 0.3375  3.625+0.5625 = 4.1875 0.3375/4.525 = 27/362 = 0.074586  (27/362)/25 = 2.983ms
 * </pre>
 *
 * The p95 solves {@code P(T > t) = 0.05} with {@code P(T > t) = (1−C)e^{−μt} + C·(θe^{−μt} − μe^{−θt})/(θ − μ)},
 * {@code θ = cμ − λ}; the values below were found by bisection on that formula by hand (a calculator), and each row
 * is checked by putting the value back into the formula.
 */
class MmcQueueTest {

    private static final double RATE = 15;
    private static final double SERVICE = 0.100;
    private static final double EXACT = 1e-12;

    @Test
    void erlangCMatchesTheHandComputedTable() {
        assertThat(new MmcQueue(RATE, SERVICE, 2).probabilityOfWaiting()).isCloseTo(9.0 / 14, within(EXACT));
        assertThat(new MmcQueue(RATE, SERVICE, 3).probabilityOfWaiting()).isCloseTo(9.0 / 38, within(EXACT));
        assertThat(new MmcQueue(RATE, SERVICE, 4).probabilityOfWaiting()).isCloseTo(27.0 / 362, within(EXACT));
    }

    @Test
    void meanWaitMatchesTheHandComputedTable() {
        assertThat(new MmcQueue(RATE, SERVICE, 2).meanWait()).isCloseTo(9.0 / 70, within(EXACT));
        assertThat(new MmcQueue(RATE, SERVICE, 3).meanWait()).isCloseTo(3.0 / 190, within(EXACT));
        assertThat(new MmcQueue(RATE, SERVICE, 4).meanWait()).isCloseTo(27.0 / 9050, within(EXACT));
        // W_q + S
        assertThat(new MmcQueue(RATE, SERVICE, 3).meanResponseTime()).isCloseTo(3.0 / 190 + 0.1, within(EXACT));
    }

    @Test
    void p95MatchesTheHandComputedTable() {
        // c=2: θ = 20−15 = 5;  (5/14)e^{−10·0.647658} + (9/14)(5e^{−6.47658} − 10e^{−3.23829})/(5−10) = 0.0500
        assertThat(new MmcQueue(RATE, SERVICE, 2).responseTimeQuantile(0.95)).isCloseTo(0.647658, within(1e-6));
        // c=3: θ = 15;  (29/38)e^{−3.32045} + (9/38)(15e^{−3.32045} − 10e^{−4.98067})/5 = 0.0500
        assertThat(new MmcQueue(RATE, SERVICE, 3).responseTimeQuantile(0.95)).isCloseTo(0.332045, within(1e-6));
        // c=4: θ = 25;  (335/362)e^{−3.04377} + (27/362)(25e^{−3.04377} − 10e^{−7.60942})/15 = 0.0500
        assertThat(new MmcQueue(RATE, SERVICE, 4).responseTimeQuantile(0.95)).isCloseTo(0.304377, within(1e-6));
    }

    @Test
    void oneServerResponseTimeIsExponentialWithRateMuMinusLambda() {
        // M/M/1 with λ = 5/s, μ = 10/s: T ~ Exp(5), so p95 = ln 20 / 5 = 2.995732 / 5 = 0.599146s
        assertThat(new MmcQueue(5, SERVICE, 1).responseTimeQuantile(0.95)).isCloseTo(Math.log(20) / 5, within(1e-12));
        assertThat(new MmcQueue(5, SERVICE, 1).probabilityOfWaiting()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void equalDrainAndServiceRatesGiveTheErlangTwoTail() {
        // c=2, λ = 10/s, μ = 10/s: a = 1, C = a²/(2+a) = 1/3, θ = 20−10 = μ, so P(T > t) = e^{−μt}(1 + μt/3);
        // e^{−3.816460}(1 + 3.816460/3) = 0.022005 · 2.272153 = 0.0500 → p95 = 0.381646s
        MmcQueue queue = new MmcQueue(10, SERVICE, 2);
        assertThat(queue.probabilityOfWaiting()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(queue.responseTimeQuantile(0.95)).isCloseTo(0.3816460, within(1e-7));
        double t = 0.25;
        assertThat(queue.responseTimeSurvival(t)).isCloseTo(Math.exp(-2.5) * (1 + 2.5 / 3), within(1e-15));
    }

    @Test
    void closedFormAgreesWithANumericConvolution() {
        // P(W + S > t) = (1−C)e^{−μt} + C·e^{−θt} + ∫₀ᵗ Cθe^{−θw}·e^{−μ(t−w)} dw, midpoint rule
        MmcQueue queue = new MmcQueue(RATE, SERVICE, 3);
        double c = queue.probabilityOfWaiting();
        double mu = 10;
        double theta = 15;
        double t = 0.4;
        int steps = 100_000;
        double h = t / steps;
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            double w = (i + 0.5) * h;
            integral += c * theta * Math.exp(-theta * w) * Math.exp(-mu * (t - w)) * h;
        }
        double numeric = (1 - c) * Math.exp(-mu * t) + c * Math.exp(-theta * t) + integral;
        assertThat(queue.responseTimeSurvival(t)).isCloseTo(numeric, within(1e-10));
    }

    @Test
    void anUnstableQueueNeverMeetsATarget() {
        // λ ≥ cμ: 15/s against one server of 10/s, and exactly at capacity with 15/s against 3 × 5/s
        for (MmcQueue queue : new MmcQueue[] {new MmcQueue(RATE, SERVICE, 1), new MmcQueue(RATE, 0.2, 3)}) {
            assertThat(queue.isStable()).isFalse();
            assertThat(queue.probabilityOfWaiting()).isEqualTo(1);
            assertThat(queue.meanWait()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(queue.responseTimeQuantile(0.95)).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void fewestInstancesIsTheFirstServerCountMeetingTheTarget() {
        // p95 by c (table above): 2 → 647.7ms, 3 → 332.0ms, 4 → 304.4ms, 5 → 300.4ms, 6 → 299.7ms; c=1 unstable
        assertThat(fewest(1.000)).contains(2);
        assertThat(fewest(0.500)).contains(3);
        assertThat(fewest(0.332045)).contains(3);
        assertThat(fewest(0.332044)).contains(4);
        assertThat(fewest(0.300)).contains(6);
    }

    @Test
    void aTargetAtOrBelowServiceAloneIsNeverMet() {
        // no wait at all: T = S ~ Exp(10), p95 = 0.1 · ln 20 = 299.573ms
        assertThat(MmcQueue.p95Floor(SERVICE)).isCloseTo(0.2995732, within(1e-7));
        assertThat(fewest(0.2995)).isEmpty();
        assertThat(fewest(0.100)).isEmpty();
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThatThrownBy(() -> new MmcQueue(0, SERVICE, 1)).hasMessage("arrival rate: 0.0 (expected: a number > 0)");
        assertThatThrownBy(() -> new MmcQueue(RATE, -1, 1)).hasMessage("service time: -1.0 (expected: a number > 0)");
        assertThatThrownBy(() -> new MmcQueue(RATE, SERVICE, 0)).hasMessage("servers: 0 (expected: at least 1)");
        assertThatThrownBy(() -> new MmcQueue(RATE, SERVICE, 2).responseTimeQuantile(1))
            .hasMessage("quantile: 1.0 (expected: 0 < q < 1)");
    }

    private static Optional<Integer> fewest(double target) {
        return MmcQueue.fewestInstances(RATE, SERVICE, target).map(MmcQueue::servers);
    }
}
