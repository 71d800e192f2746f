package dev.horizon.gateway.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's Prometheus metrics, fed by every finished exchange: requests by service, route and status, a latency
 * histogram and a retry count per service. Gauges (connections, endpoint health, in-flight, panic, ejections) are read
 * from the live state when {@link DataPlane#metricsText()} renders.
 */
final class GatewayMetrics implements ExchangeLog {

    /** Histogram bucket bounds in seconds (Prometheus client defaults plus 2.5 ms). */
    static final double[] BOUNDS = {0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Requests by service, then route, then status code (0..599; 0 when the client left before a status). */
    private final Map<String, Map<String, AtomicLongArray>> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    /** A cumulative-friendly histogram: one adder per bucket, plus sum and count. */
    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BOUNDS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void record(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BOUNDS.length; i++) {
                if (seconds <= BOUNDS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sumNanos.add(nanos);
        }
    }

    @Override
    public void record(Entry e) {
        requests.computeIfAbsent(e.service(), k -> new ConcurrentHashMap<>())
            .computeIfAbsent(e.route(), k -> new AtomicLongArray(600))
            .incrementAndGet(Math.floorMod(e.status(), 600));
        // a WebSocket's line comes when the tunnel ends: its duration is the tunnel's life, not a latency; only a
        // request sent to an endpoint is timed, not one the gateway answered for the service (a 429, a shed 503, a
        // redirect, no healthy endpoint)
        if (!e.service().isEmpty() && e.status() != 101 && !e.endpoint().isEmpty()) {
            latency.computeIfAbsent(e.service(), k -> new Histogram()).record(e.durationNanos());
            if (e.attempts() > 1) {
                retries.computeIfAbsent(e.service(), k -> new LongAdder()).add(e.attempts() - 1L);
            }
        }
    }

    /** Appends the counters and histograms in the Prometheus text format. */
    void render(StringBuilder out) {
        out.append("# HELP horizon_requests_total Requests answered, by service, route and status code.\n")
            .append("# TYPE horizon_requests_total counter\n");
        new TreeMap<>(requests).forEach((service, routes) -> new TreeMap<>(routes).forEach((route, codes) -> {
            for (int code = 0; code < codes.length(); code++) {
                long n = codes.get(code);
                if (n > 0) {
                    out.append("horizon_requests_total{service=").append(label(service)).append(",route=")
                        .append(label(route)).append(",code=\"").append(code).append("\"} ").append(n).append('\n');
                }
            }
        }));
        out.append("# HELP horizon_request_duration_seconds Time from request head to last response byte.\n")
            .append("# TYPE horizon_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((service, h) -> {
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += h.buckets[i].sum();
                out.append("horizon_request_duration_seconds_bucket{service=").append(label(service))
                    .append(",le=\"").append(BOUNDS[i]).append("\"} ").append(cumulative).append('\n');
            }
            long count = h.count.sum();
            out.append("horizon_request_duration_seconds_bucket{service=").append(label(service))
                .append(",le=\"+Inf\"} ").append(count).append('\n')
                .append("horizon_request_duration_seconds_sum{service=").append(label(service)).append("} ")
                .append(h.sumNanos.sum() / 1e9).append('\n')
                .append("horizon_request_duration_seconds_count{service=").append(label(service)).append("} ")
                .append(count).append('\n');
        });
        out.append("# HELP horizon_retries_total Retries sent to another endpoint.\n")
            .append("# TYPE horizon_retries_total counter\n");
        new TreeMap<>(retries).forEach((service, v) -> out.append("horizon_retries_total{service=")
            .append(label(service)).append("} ").append(v.sum()).append('\n'));
    }

    /** A label value, quoted and escaped for the Prometheus text format. */
    static String label(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
