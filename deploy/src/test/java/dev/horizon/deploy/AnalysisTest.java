package dev.horizon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The judge: thresholds, the no-data rule and the Mann-Whitney comparison with its effect-size gate. */
class AnalysisTest {

    private static final AnalysisSettings S = AnalysisSettings.DEFAULTS;

    /** {@code n} requests, {@code errors} of them failed, latency {@code latency.applyAsDouble(i)} for request i. */
    private static Window window(int n, int errors, IntToDoubleFunction latency) {
        return new Window(n, errors, IntStream.range(0, n).mapToDouble(latency).toArray());
    }

    /** 60 requests at 10..14ms: 12 of each, median 12ms, p99 14ms. */
    private static Window healthyStable() {
        return window(60, 0, i -> 10 + i % 5);
    }

    @Test
    void tooLittleCanaryDataIsInconclusiveNeverAFailure() {
        Window idle = window(12, 12, i -> 5000);

        Verdict v = Analysis.judge(S, healthyStable(), idle);

        assertThat(v).isEqualTo(Verdict.inconclusive("too little data: 12 canary requests in 10s, 50 needed"));
    }

    @Test
    void noCanaryRequestsAtAllIsInconclusive() {
        assertThat(Analysis.judge(S, Window.EMPTY, Window.EMPTY))
            .isEqualTo(Verdict.inconclusive("too little data: 0 canary requests in 10s, 50 needed"));
    }

    @Test
    void failsWhenTheErrorRateIsAboveTheMaximum() {
        Window canary = window(200, 40, i -> 10 + i % 5);

        Verdict v = Analysis.judge(S, healthyStable(), canary);

        assertThat(v).isEqualTo(Verdict.fail("error rate 20% (40 of 200) > max-error-rate 1%"));
    }

    @Test
    void anErrorRateExactlyAtTheMaximumPasses() {
        Window canary = window(100, 1, i -> 10 + i % 5);

        Verdict v = Analysis.judge(S, healthyStable(), canary);

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(v.reason()).startsWith("100 canary requests, error rate 1%, p99 14ms, canary median 12ms vs "
            + "stable 12ms, Mann-Whitney p=");
    }

    @Test
    void failsWhenTheP99IsAboveTheMaximum() {
        // 98 fast requests and 2 at 812ms: the 99th of 100 by nearest rank is 812ms
        Window canary = window(100, 0, i -> i < 98 ? 10 + i % 5 : 812);

        Verdict v = Analysis.judge(S, healthyStable(), canary);

        assertThat(v).isEqualTo(Verdict.fail("p99 812ms > max-p99 500ms"));
    }

    @Test
    void aSlowCanaryIsCaughtByTheLatencyTestNotByErrorsOrP99() {
        // 160..166ms, no errors, p99 166ms under max-p99; stable 10..14ms
        Window canary = window(60, 0, i -> 160 + i % 7);

        Verdict v = Analysis.judge(S, healthyStable(), canary);

        // every canary latency is above every stable one: U = 3600 of 3600; with ties the normal approximation
        assertThat(v).isEqualTo(Verdict.fail("latency: canary median 163ms vs stable 12ms, Mann-Whitney p=1.3e-21 "
            + "< 0.02"));
    }

    @Test
    void aSureButSmallSlowdownPassesTheEffectSizeGate() {
        // 1ms slower everywhere: surely slower (p far below 0.02), but the median is 13ms against 12ms, +8% < 25%
        Window canary = window(60, 0, i -> 11 + i % 5);

        Verdict v = Analysis.judge(S, healthyStable(), canary);

        assertThat(v).isEqualTo(Verdict.pass("60 canary requests, error rate 0%, p99 15ms, canary median 13ms vs "
            + "stable 12ms, Mann-Whitney p=0.00027"));
    }

    @Test
    void aClearlySlowerMedianWithoutStatisticalCertaintyPasses() {
        // half fast and half slow against one more slow request: medians 55ms and 100ms (+82%), but U = 1830 of a
        // mean 1800 is no evidence (one-sided p = 0.43)
        Window stable = window(60, 0, i -> i < 30 ? 10 : 100);
        Window canary = window(60, 0, i -> i < 29 ? 10 : 100);

        Verdict v = Analysis.judge(S, stable, canary);

        assertThat(v).isEqualTo(Verdict.pass("60 canary requests, error rate 0%, p99 100ms, canary median 100ms vs "
            + "stable 55ms, Mann-Whitney p=0.43"));
    }

    @Test
    void aFasterCanaryNeverFailsOnLatency() {
        Window stable = window(60, 0, i -> 160 + i % 7);

        Verdict v = Analysis.judge(S, stable, healthyStable());

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(v.reason()).endsWith("canary median 12ms vs stable 163ms, Mann-Whitney p=1");
    }

    @Test
    void stableWithTooLittleDataSkipsOnlyTheComparison() {
        Window quietStable = window(10, 0, i -> 10);
        Window slowCanary = window(60, 0, i -> 160 + i % 7);
        Window failingCanary = window(60, 30, i -> 160 + i % 7);

        assertThat(Analysis.judge(S, quietStable, slowCanary)).isEqualTo(Verdict.pass("60 canary requests, error "
            + "rate 0%, p99 166ms, latency comparison skipped (10 stable requests, 50 needed)"));
        assertThat(Analysis.judge(S, quietStable, failingCanary))
            .isEqualTo(Verdict.fail("error rate 50% (30 of 60) > max-error-rate 1%"));
    }

    @Test
    void everyCrossedThresholdIsInTheReason() {
        Window canary = window(100, 5, i -> i < 98 ? 300 : 900);

        Verdict v = Analysis.judge(S, healthyStable(), canary);

        assertThat(v.reason()).startsWith("error rate 5% (5 of 100) > max-error-rate 1%; p99 900ms > max-p99 500ms; "
            + "latency: canary median 300ms vs stable 12ms, Mann-Whitney p=");
    }

    @Test
    void oneSidedPValueIsHalfTheExactTwoSidedOneInTheSlowerDirection() {
        // no ties, 3 against 3: the exact two-sided p of complete separation is 2 / C(6,3) = 0.1
        double[] slow = {4, 5, 6};
        double[] fast = {1, 2, 3};

        assertThat(Analysis.slowerP(slow, fast)).isCloseTo(0.05, within(1e-12));
        assertThat(Analysis.slowerP(fast, slow)).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void oneSidedPValueOfFiveAgainstFiveIsOneIn252() {
        double[] slow = {6, 7, 8, 9, 10};
        double[] fast = {1, 2, 3, 4, 5};

        assertThat(Analysis.slowerP(slow, fast)).isCloseTo(1.0 / 252, within(1e-12));
    }

    @Test
    void oneSidedPValueOfTheNormalApproximationWithTies() {
        // 60 against 60, complete separation, ties within each: U = 0 for stable, mean 1800;
        // var = 60·60/12 · (121 − Σ(t³ − t)/(120·119)), with 5 ties of 12 (stable), 4 of 9 and 3 of 8 (canary)
        double[] canary = IntStream.range(0, 60).mapToDouble(i -> 160 + i % 7).toArray();
        double[] stable = IntStream.range(0, 60).mapToDouble(i -> 10 + i % 5).toArray();
        double ties = 5 * (1728 - 12) + 4 * (729 - 9) + 3 * (512 - 8);
        double sd = Math.sqrt(3600 / 12.0 * (121 - ties / (120 * 119)));
        double z = (1800 - 0.5) / sd;

        double phiOfMinusZ = 1.2643660355734e-21;  // Φ(−9.4805801506801), one-sided

        assertThat(z).isCloseTo(9.4805801506801, within(1e-9));
        assertThat(Analysis.slowerP(canary, stable)).isCloseTo(phiOfMinusZ, within(1e-33));
    }

    @Test
    void p99IsTheNearestRank() {
        double[] hundred = IntStream.rangeClosed(1, 100).mapToDouble(i -> i).toArray();
        double[] ten = IntStream.rangeClosed(1, 10).mapToDouble(i -> i).toArray();

        assertThat(Analysis.p99(hundred)).isEqualTo(99);
        assertThat(Analysis.p99(ten)).isEqualTo(10);
    }

    @Test
    void medianIsTheMiddleOrTheMeanOfTheTwoMiddles() {
        assertThat(Analysis.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Analysis.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void windowsCopyTheirLatenciesAndCompareByValue() {
        double[] latencies = {1, 2, 3};
        Window w = new Window(3, 0, latencies);
        latencies[0] = 99;

        assertThat(w.latencyMillis()).containsExactly(1, 2, 3);
        assertThat(w).isEqualTo(new Window(3, 0, new double[] {1, 2, 3}));
        assertThat(Arrays.stream(w.latencyMillis()).sum()).isEqualTo(6);
    }
}
