package dev.horizon.autoscale;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One instance's sample of a metric.
 *
 * <p>A warming instance (running, ready, but inside its warm-up) is treated as unready for every metric: its samples
 * stay out of the averages, it counts as 0 on a scale-up and is dropped on a scale-down, as the HPA treats pods inside
 * their CPU initialization period.
 *
 * @param id      the instance, for messages
 * @param phase   its phase; failed and terminating instances are ignored
 * @param ready   whether it passes its readiness check
 * @param warming whether it is still inside its warm-up
 * @param value   the sample (for a utilization target: usage in milli-units, e.g. millicores), or null when the
 *                instance reported none
 * @param request what the instance requests in the same milli-units (only utilization targets read it), non-negative
 */
public record InstanceSample(String id, Phase phase, boolean ready, boolean warming, @Nullable Double value,
                             double request) {

    /** Validates the numbers. */
    public InstanceSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
        if (value != null && !(value >= 0 && !value.isInfinite())) {
            throw new IllegalArgumentException("value: " + value + " (expected: a non-negative number)");
        }
        if (!(request >= 0) || Double.isInfinite(request)) {
            throw new IllegalArgumentException("request: " + request + " (expected: a non-negative number)");
        }
    }

    /** A running, ready, warmed instance reporting {@code value}. */
    public static InstanceSample of(String id, double value) {
        return new InstanceSample(id, Phase.RUNNING, true, false, value, 0);
    }

    /** A running, ready, warmed instance using {@code usage} of {@code request} (milli-units). */
    public static InstanceSample usage(String id, double usage, double request) {
        return new InstanceSample(id, Phase.RUNNING, true, false, usage, request);
    }

    /** This sample with {@link #ready} set to {@code isReady}. */
    public InstanceSample withReady(boolean isReady) {
        return new InstanceSample(id, phase, isReady, warming, value, request);
    }

    /** This sample marked as warming. */
    public InstanceSample asWarming() {
        return new InstanceSample(id, phase, ready, true, value, request);
    }

    /** This sample in {@code newPhase}. */
    public InstanceSample inPhase(Phase newPhase) {
        return new InstanceSample(id, newPhase, ready, warming, value, request);
    }

    /** This sample without a value: the instance reported nothing. */
    public InstanceSample missing() {
        return new InstanceSample(id, phase, ready, warming, null, request);
    }
}
