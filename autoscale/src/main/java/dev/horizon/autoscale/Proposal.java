package dev.horizon.autoscale;

import org.jspecify.annotations.Nullable;

/**
 * What one metric (or one step policy) proposes in one evaluation.
 *
 * @param source      the metric's name, or {@code step NAME} for a step policy
 * @param replicas    the proposed count, or null when the metric failed or the step policy does not apply
 * @param observed    what was measured: the utilization percent, the average per ready instance, or the value; NaN
 *                    when nothing was
 * @param utilization the integer utilization percent for a utilization target, else null
 * @param ratio       observed over target (NaN when failed)
 * @param reason      the proposal in plain words
 */
public record Proposal(String source, @Nullable Integer replicas, double observed, @Nullable Integer utilization,
                       double ratio, String reason) {

    /** A metric that gave no usable proposal. */
    static Proposal failed(String source, String reason) {
        return new Proposal(source, null, Double.NaN, null, Double.NaN, source + ": " + reason);
    }

    /** Whether the metric failed (or the step policy abstained). */
    public boolean isEmpty() {
        return replicas == null;
    }
}
