package dev.horizon.autoscale;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * One predictive policy with its load history: each evaluation records the load reading, forecasts the peak of the
 * next {@code buffer} and proposes the capacity that carries it.
 *
 * <p>Implementation notes (AWS predictive scaling: "Predictive scaling for Amazon EC2 Auto Scaling", "How
 * Application Auto Scaling predictive scaling works" and the {@code PredictiveScalingConfiguration} API reference:
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-predictive-scaling.html
 * https://docs.aws.amazon.com/autoscaling/application/userguide/aas-predictive-scaling-how-it-works.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PredictiveScalingConfiguration.html). AWS
 * forecasts the load hourly from up to 14 days of history, needs at least 24 hours of it, turns the load forecast into
 * a capacity forecast with the target per instance, and sets that capacity as the group's minimum
 * {@code SchedulingBufferTime} (default 300 s) before the hour it is for; it never removes capacity on a falling
 * forecast ("scale-in only when the demand actually drops"), and dynamic policies may scale above it. Horizon forecasts
 * each minute instead of each hour and evaluates every period instead of scheduling actions, so "capacity ready
 * {@code buffer} ahead" becomes: the proposal is {@code ceil(peak / target)} where the peak is the highest forecast
 * minute in {@code [now, now + buffer]}. Taking the maximum over the whole window, not the value at
 * {@code now + buffer} alone, is what keeps capacity ready through a short spike: with only the window's end, a spike
 * that is {@code buffer} away at one evaluation is behind the look-ahead a minute later and its capacity would be
 * released (by the reactive policies) before the spike arrives. The proposal is a floor that joins the reactive
 * proposals ({@link Autoscaler}); {@code forecast-only} computes and logs it without letting it join
 * ({@code ForecastOnly}).
 */
final class PredictiveScaling {

    /** The source the proposal names. */
    static final String SOURCE = "predictive";

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private PredictivePolicy policy;
    private LoadHistory history;
    private final Forecaster forecaster = Forecaster.seasonalNaive();

    PredictiveScaling(PredictivePolicy policy) {
        this.policy = policy;
        this.history = new LoadHistory(policy.history());
    }

    PredictivePolicy policy() {
        return policy;
    }

    LoadHistory history() {
        return history;
    }

    /** Replaces the history with {@code restored}, kept for the policy's retention. */
    void restore(LoadHistory restored) {
        history = restored.retention().equals(policy.history()) ? restored : restored.withRetention(policy.history());
    }

    /** Takes {@code next}: the history stays for the same metric (with the new retention), else starts empty. */
    void reconfigure(PredictivePolicy next) {
        if (!next.metric().equals(policy.metric())) {
            history = new LoadHistory(next.history());
        } else if (!next.history().equals(policy.history())) {
            history = history.withRetention(next.history());
        }
        policy = next;
    }

    /**
     * Records {@code reading} (null: none arrived) and proposes at {@code now} for a service of {@code current}: the
     * capacity with {@link PredictivePolicy.Mode#FORECAST_AND_SCALE}, no count with forecast-only or without a
     * forecast; the reason says which.
     */
    Proposal propose(Instant now, int current, @Nullable MetricReading reading) {
        String missed = switch (reading) {
            case MetricReading.Single s -> {
                history.record(now, s.value());
                yield "";
            }
            case null -> "; " + policy.reading() + " not recorded: no reading";
            case MetricReading.Failed f -> "; " + policy.reading() + " not recorded: " + f.reason();
            case MetricReading.PerInstance p -> "; " + policy.reading() + " not recorded: expected one service-wide "
                + "value, not per-instance samples";
        };
        Forecast f = forecaster.peak(history, now, now.plus(policy.buffer()));
        boolean only = policy.mode() == PredictivePolicy.Mode.FORECAST_ONLY;
        String head = only ? SOURCE + " (forecast only): " : SOURCE + ": ";
        return switch (f) {
            case Forecast.None none -> new Proposal(SOURCE, null, Double.NaN, null, Double.NaN,
                head + none.reason() + missed);
            case Forecast.Peak peak -> {
                int capacity = (int) Math.ceil(peak.load() / policy.target());
                String words = head + "forecast " + Plain.number(peak.load()) + " " + policy.metric() + " at "
                    + HOUR_MINUTE.format(peak.at()) + " → " + (only ? "would set " : "") + "at least " + capacity
                    + (capacity == 1 ? " instance" : " instances") + missed;
                double ratio = current > 0 ? peak.load() / (policy.target() * current) : Double.NaN;
                yield new Proposal(SOURCE, only ? null : capacity, peak.load(), null, ratio, words);
            }
        };
    }
}
