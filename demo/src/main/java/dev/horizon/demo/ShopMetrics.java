package dev.horizon.demo;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The shop's Prometheus metrics: requests in flight, requests by status, a latency histogram and process CPU. */
final class ShopMetrics {

    private static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumMicros = new LongAdder();

    ShopMetrics() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(int status, long nanos) {
        inFlight.decrementAndGet();
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        sumMicros.add(nanos / 1000);
    }

    int inFlight() {
        return inFlight.get();
    }

    /** The Prometheus text exposition. */
    String text() {
        StringBuilder b = new StringBuilder(2048);
        b.append("# HELP demo_inflight_requests Requests being served now.\n# TYPE demo_inflight_requests gauge\n")
            .append("demo_inflight_requests ").append(inFlight.get()).append('\n');
        b.append("# HELP demo_requests_total Requests served, by status.\n# TYPE demo_requests_total counter\n");
        new TreeMap<>(byStatus).forEach((status, n) -> b.append("demo_requests_total{status=\"").append(status)
            .append("\"} ").append(n.sum()).append('\n'));
        b.append("# HELP demo_request_duration_seconds Time to serve a request.\n")
            .append("# TYPE demo_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String le = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
            b.append("demo_request_duration_seconds_bucket{le=\"").append(le).append("\"} ").append(cumulative)
                .append('\n');
        }
        b.append("demo_request_duration_seconds_sum ").append(sumMicros.sum() / 1e6).append('\n')
            .append("demo_request_duration_seconds_count ").append(cumulative).append('\n');
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        b.append("# HELP process_cpu_seconds_total CPU time of this process.\n")
            .append("# TYPE process_cpu_seconds_total counter\n")
            .append("process_cpu_seconds_total ").append(cpu.toNanos() / 1e9).append('\n');
        return b.toString();
    }
}
