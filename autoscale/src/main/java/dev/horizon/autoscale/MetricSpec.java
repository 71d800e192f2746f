package dev.horizon.autoscale;

import java.util.Objects;

/**
 * One metric a policy tracks: the name the caller's {@link MetricReading}s are keyed by, and its target.
 *
 * @param name   the metric's name ({@code inflight}, {@code cpu}, {@code queue}), not blank
 * @param target what the metric is held at
 */
public record MetricSpec(String name, MetricTarget target) {

    /** Validates the name. */
    public MetricSpec {
        Objects.requireNonNull(target, "target");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: '' (expected: a metric name)");
        }
    }
}
