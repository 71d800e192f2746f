package dev.horizon.deploy;

import dev.horizon.duration.DurationText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.stat.descriptive.rank.Percentile;
import org.hipparchus.stat.inference.MannWhitneyUTest;
import org.hipparchus.stat.ranking.NaturalRanking;

/**
 * The judge of one analysis interval: the canary against its thresholds and against the stable revision over the
 * same window of time (the gateway splits the traffic, so both saw the same load — Kayenta needs a separate baseline
 * deployment for that).
 *
 * <ol>
 *   <li>Fewer than {@code min-requests} canary requests: <b>inconclusive</b> ({@code too little data: 12 canary
 *       requests in 10s, 50 needed}), never a failure. Flagger counts "no values found" as a failed check, so an idle
 *       canary rolls back (flagger #1035, #1689); here it extends the step and then pauses for a person.</li>
 *   <li><b>Fail</b> when any of these holds (the reason lists each that does):
 *     <ul>
 *       <li>the canary's error rate is above {@code max-error-rate};</li>
 *       <li>its p99 latency (nearest rank) is above {@code max-p99};</li>
 *       <li>it is slower than stable, both surely and clearly: its median exceeds stable's by more than
 *           {@code max-latency-increase}, <em>and</em> the one-sided Mann-Whitney U test says it is stochastically
 *           slower at a p-value below {@code 1 - confidence}. This comparison is skipped when stable answered fewer
 *           than {@code min-requests} (the thresholds still judge the canary).</li>
 *     </ul></li>
 *   <li>Otherwise <b>pass</b>.</li>
 * </ol>
 *
 * <p>Implementation notes: Kayenta's judge ({@code MannWhitneyClassifier}) runs a two-sided Mann-Whitney U test at a
 * 98% confidence level and calls a metric High only if the effect size also clears a tolerance; the effect here is
 * the ratio of medians (Kayenta offers the mean ratio or the Hodges-Lehmann estimate; the median is robust to the few
 * slow outliers every latency sample has, and reads plainly in a reason). Hipparchus' {@link MannWhitneyUTest}
 * answers the two-sided p-value (an exact one for two samples of at most 15 without ties, else the normal
 * approximation with continuity and tie corrections). Its null distribution is symmetric, so the one-sided p-value for
 * "canary slower" is half the two-sided one when the canary's U statistic lies above its mean {@code n1·n2/2} (the
 * canary's ranks are high), and {@code 1 - p/2} otherwise; the canary's U comes from Hipparchus' own
 * {@link NaturalRanking} with average ranks for ties, as the test ranks. Only a slower canary can fail: a faster one
 * is good news.
 */
public final class Analysis {

    private static final MathContext TWO_DIGITS = new MathContext(2);
    private static final double SMALLEST_PLAIN_P = 0.0001;

    private Analysis() {
    }

    /** The verdict on {@code canary} against {@code stable}, both over the same interval, under {@code s}. */
    public static Verdict judge(AnalysisSettings s, Window stable, Window canary) {
        if (canary.requests() < s.minRequests()) {
            return Verdict.inconclusive("too little data: " + canary.requests() + " canary requests in "
                + DurationText.format(s.interval()) + ", " + s.minRequests() + " needed");
        }
        List<String> failures = new ArrayList<>();
        if (canary.errorRate() > s.maxErrorRate()) {
            failures.add("error rate " + percent(canary.errorRate()) + " (" + canary.errors() + " of "
                + canary.requests() + ") > max-error-rate " + percent(s.maxErrorRate()));
        }
        double[] canaryLatency = canary.latencyMillis();
        double[] stableLatency = stable.latencyMillis();
        double maxP99 = s.maxP99().toNanos() / 1e6;
        Double p99 = canaryLatency.length == 0 ? null : p99(canaryLatency);
        if (p99 != null && p99 > maxP99) {
            failures.add("p99 " + millis(p99) + " > max-p99 " + DurationText.format(s.maxP99()));
        }
        String comparison = "";
        if (canaryLatency.length == 0) {
            comparison = ", no latency samples";
        } else if (stable.requests() < s.minRequests() || stableLatency.length == 0) {
            comparison = ", latency comparison skipped (" + stable.requests() + " stable requests, "
                + s.minRequests() + " needed)";
        } else {
            double canaryMedian = median(canaryLatency);
            double stableMedian = median(stableLatency);
            double p = slowerP(canaryLatency, stableLatency);
            String numbers = "canary median " + millis(canaryMedian) + " vs stable " + millis(stableMedian)
                + ", Mann-Whitney p" + pValue(p);
            if (canaryMedian > stableMedian * (1 + s.maxLatencyIncrease()) && p < s.alpha()) {
                failures.add("latency: " + numbers + " < " + plain(s.alpha()));
            } else {
                comparison = ", " + numbers;
            }
        }
        if (!failures.isEmpty()) {
            return Verdict.fail(String.join("; ", failures));
        }
        return Verdict.pass(canary.requests() + " canary requests, error rate " + percent(canary.errorRate())
            + (p99 == null ? "" : ", p99 " + millis(p99)) + comparison);
    }

    /** The 99th percentile by nearest rank: the smallest sample with at least 99% of the samples at or below it. */
    static double p99(double[] latencyMillis) {
        return new Percentile(99).withEstimationType(Percentile.EstimationType.R_1).evaluate(latencyMillis);
    }

    /** The median: the middle sample, or the mean of the two middle ones. */
    static double median(double[] latencyMillis) {
        return new Percentile(50).withEstimationType(Percentile.EstimationType.R_2).evaluate(latencyMillis);
    }

    /**
     * The one-sided p-value of "the canary's latencies are stochastically larger than stable's" under the null
     * hypothesis that both come from one distribution.
     */
    static double slowerP(double[] canary, double[] stable) {
        double twoSided = Math.min(1, new MannWhitneyUTest().mannWhitneyUTest(canary, stable));
        double[] both = new double[canary.length + stable.length];
        System.arraycopy(canary, 0, both, 0, canary.length);
        System.arraycopy(stable, 0, both, canary.length, stable.length);
        double[] ranks = new NaturalRanking().rank(both);
        double canaryRanks = 0;
        for (int i = 0; i < canary.length; i++) {
            canaryRanks += ranks[i];
        }
        double u = canaryRanks - canary.length * (canary.length + 1.0) / 2;
        return u > canary.length * (double) stable.length / 2 ? twoSided / 2 : 1 - twoSided / 2;
    }

    private static String pValue(double p) {
        return p >= SMALLEST_PLAIN_P ? "=" + plain(p) : "=" + String.format(Locale.ROOT, "%.1e", p);
    }

    /** Two significant digits, plain: 0.02, 0.0031, 0.5. */
    private static String plain(double value) {
        return new BigDecimal(value).round(TWO_DIGITS).stripTrailingZeros().toPlainString();
    }

    private static String percent(double share) {
        return BigDecimal.valueOf(share * 100).round(new MathContext(3)).stripTrailingZeros().toPlainString() + "%";
    }

    private static String millis(double ms) {
        return BigDecimal.valueOf(Math.round(ms * 10) / 10.0).stripTrailingZeros().toPlainString() + "ms";
    }
}
