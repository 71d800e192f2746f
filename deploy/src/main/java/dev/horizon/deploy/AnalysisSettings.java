package dev.horizon.deploy;

import dev.horizon.duration.DurationText;
import java.time.Duration;

/**
 * How the canary is judged against the stable revision, once per {@code interval} ({@link Analysis}), and how many
 * bad verdicts a rollout takes ({@link CanaryRun}). Each component is the {@code horizon.yaml} key of the same name
 * under {@code deploy.analysis}, in kebab-case.
 *
 * @param interval           how often the analysis runs, each time over the requests of the interval just ended;
 *                           also how long one inconclusive verdict extends a step (default 10s, Flagger's minimum)
 * @param failureLimit       the failed verdicts a rollout tolerates: it aborts when the count, over the whole rollout,
 *                           is strictly greater (Argo Rollouts' {@code failureLimit}; default 0, the first failure
 *                           aborts)
 * @param inconclusiveLimit  the inconclusive verdicts in a row a rollout tolerates: one more pauses it for a person
 *                           (Argo's {@code inconclusiveLimit}, counted in a row here; default 3)
 * @param maxErrorRate       the highest share of canary requests that may fail (5xx answers and gateway failures),
 *                           0..1 (default 0.01)
 * @param maxP99             the highest 99th percentile of canary latency (default 500ms, Flagger's
 *                           {@code request-duration} check)
 * @param minRequests        the fewest requests a revision must answer in one interval for a verdict on it: the
 *                           canary with fewer is inconclusive, never failed; the stable one with fewer skips only the
 *                           latency comparison (default 50)
 * @param confidence         how sure the Mann-Whitney U test must be that the canary is slower, 0..1 exclusive:
 *                           it fails on latency only at a one-sided p-value below {@code 1 - confidence} (default
 *                           0.98, Kayenta's {@code NetflixACAJudge})
 * @param maxLatencyIncrease the effect-size gate: the canary's median latency must also exceed the stable one's by
 *                           more than this fraction for a latency failure (default 0.25, 25%, Kayenta's tolerance), so
 *                           a statistically sure but small slowdown passes
 */
public record AnalysisSettings(Duration interval, int failureLimit, int inconclusiveLimit, double maxErrorRate,
                               Duration maxP99, int minRequests, double confidence, double maxLatencyIncrease) {

    /** The defaults: 10s, 0, 3, 0.01, 500ms, 50, 0.98, 0.25. */
    public static final AnalysisSettings DEFAULTS = new AnalysisSettings(Duration.ofSeconds(10), 0, 3, 0.01,
        Duration.ofMillis(500), 50, 0.98, 0.25);

    /** Validates, with messages that name the {@code horizon.yaml} keys. */
    public AnalysisSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + DurationText.format(interval) + " (expected: > 0s)");
        }
        if (failureLimit < 0) {
            throw new IllegalArgumentException("failure-limit: " + failureLimit + " (expected: >= 0)");
        }
        if (inconclusiveLimit < 0) {
            throw new IllegalArgumentException("inconclusive-limit: " + inconclusiveLimit + " (expected: >= 0)");
        }
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException("max-error-rate: " + maxErrorRate + " (expected: 0..1)");
        }
        if (maxP99.isNegative() || maxP99.isZero()) {
            throw new IllegalArgumentException("max-p99: " + DurationText.format(maxP99) + " (expected: > 0s)");
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("min-requests: " + minRequests + " (expected: >= 1)");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence: " + confidence + " (expected: between 0 and 1, "
                + "exclusive)");
        }
        if (!(maxLatencyIncrease >= 0) || Double.isInfinite(maxLatencyIncrease)) {
            throw new IllegalArgumentException("max-latency-increase: " + maxLatencyIncrease + " (expected: >= 0)");
        }
    }

    /** The significance level of the latency test: {@code 1 - confidence}. */
    public double alpha() {
        return 1 - confidence;
    }
}
