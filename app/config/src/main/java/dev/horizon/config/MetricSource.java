package dev.horizon.config;

/**
 * Where an autoscaling metric's readings come from: what the caller must fetch for the
 * {@link dev.horizon.autoscale.MetricSpec} of the same name.
 */
public sealed interface MetricSource {

    /** The gateway's in-flight requests per instance ({@code type: inflight}). */
    record Inflight() implements MetricSource {
    }

    /** The gateway's requests per second per instance ({@code type: rps}). */
    record Rps() implements MetricSource {
    }

    /**
     * The gateway's requests per second for the whole service, as one value: the load predictive scaling records and
     * forecasts ({@code predictive: { metric: rps }}, read as {@code load:rps}).
     */
    record ServiceRps() implements MetricSource {
    }

    /** The gateway's p95 latency over the service, in milliseconds ({@code type: latency-p95}). */
    record LatencyP95() implements MetricSource {
    }

    /** Each instance's CPU usage and request in millicores ({@code type: cpu}). */
    record Cpu() implements MetricSource {
    }

    /**
     * A Prometheus query's value ({@code type: prometheus}).
     *
     * @param metric the metric name or query, as written after {@code metric:}
     */
    record Prometheus(String metric) implements MetricSource {
    }

    /**
     * The length of a Redis list ({@code type: redis-list}).
     *
     * @param url the Redis URL
     * @param key the list's key
     */
    record RedisList(String url, String key) implements MetricSource {
    }
}
