package dev.horizon.autoscale;

/**
 * What a metric is held at, as in the HPA's {@code MetricTarget}: a utilization of the requested resource, an average
 * value per ready instance, or a value for the whole service.
 */
public sealed interface MetricTarget permits MetricTarget.Utilization, MetricTarget.AverageValue,
    MetricTarget.Value {

    /**
     * Average usage as a percentage of the instances' requests ({@code int(Σusage × 100 / Σrequest)}), for CPU.
     *
     * @param percent the target percentage, at least 1
     */
    record Utilization(int percent) implements MetricTarget {
        /** Validates the percentage. */
        public Utilization {
            if (percent < 1) {
                throw new IllegalArgumentException("target-utilization: " + percent + " (expected: >= 1)");
            }
        }
    }

    /**
     * The metric's average per ready instance ({@code inflight: 20}); on a single service-wide value (a queue
     * length) the value divided by the target gives the count, as for the HPA's external {@code AverageValue}.
     *
     * @param value the target per instance, positive
     */
    record AverageValue(double value) implements MetricTarget {
        /** Validates the value. */
        public AverageValue {
            positive("target-average", value);
        }
    }

    /**
     * A service-wide value such as the p95 latency: {@code ratio = value / target} scales the ready count.
     *
     * @param value the target, positive
     */
    record Value(double value) implements MetricTarget {
        /** Validates the value. */
        public Value {
            positive("target-value", value);
        }
    }

    private static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a positive number)");
        }
    }
}
