package dev.horizon.autoscale;

import java.util.List;

/**
 * What the caller measured for one metric in one period: a sample per instance, one value for the whole service, or
 * nothing (the source failed).
 */
public sealed interface MetricReading permits MetricReading.PerInstance, MetricReading.Single,
    MetricReading.Failed {

    /**
     * A sample per instance (in-flight requests, RPS, CPU usage).
     *
     * @param samples one per instance the fleet knows, including unready and missing ones
     */
    record PerInstance(List<InstanceSample> samples) implements MetricReading {
        /** Copies the list. */
        public PerInstance {
            samples = List.copyOf(samples);
        }
    }

    /**
     * One value for the whole service (p95 latency, a queue length).
     *
     * @param value the value, non-negative
     */
    record Single(double value) implements MetricReading {
        /** Validates the value. */
        public Single {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("value: " + value + " (expected: a non-negative number)");
            }
        }
    }

    /**
     * The source gave nothing usable this period.
     *
     * @param reason why, for the decision log
     */
    record Failed(String reason) implements MetricReading {
    }

    /** Per-instance samples. */
    static MetricReading of(List<InstanceSample> samples) {
        return new PerInstance(samples);
    }

    /** Per-instance samples. */
    static MetricReading of(InstanceSample... samples) {
        return new PerInstance(List.of(samples));
    }

    /** One value for the service. */
    static MetricReading single(double value) {
        return new Single(value);
    }

    /** A failed source. */
    static MetricReading failed(String reason) {
        return new Failed(reason);
    }
}
