package dev.horizon.sim.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a simulated metric's readings come from: the sources of {@code horizon.yaml}'s {@code autoscale.metrics} that
 * the simulator can reproduce, read as the live control loop's {@code MetricCollector} reads them.
 */
public enum MetricSource {
    /** Requests in flight per instance, as the gateway counts them ({@code type: inflight}). */
    INFLIGHT,
    /** Requests per second per instance over the gateway's last ten seconds ({@code type: rps}). */
    RPS,
    /** CPU per instance in millicores over the last second, against the instance's CPU ({@code type: cpu}). */
    CPU,
    /** The service's p95 latency in milliseconds over the gateway's last ten seconds ({@code type: latency-p95}). */
    LATENCY_P95;

    /** As the file writes it: {@code latency-p95}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The source a metric named {@code name} has by default: the one of the same name, if any. */
    public static Optional<MetricSource> named(String name) {
        for (MetricSource s : values()) {
            if (s.text().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
