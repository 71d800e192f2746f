package dev.horizon.showcase;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests, failures (with their reasons), latencies, the shop versions that answered, shoppers logged out or robbed
 * of their carts, and the requests the gateway refused (429 over a rate limit, 503 shed over a concurrency limit),
 * over a stretch of traffic. Thread-safe.
 */
final class TrafficStats implements TrafficSink {

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<String, LongAdder> versions = new ConcurrentHashMap<>();
    private final LongAdder loggedOut = new LongAdder();
    private final LongAdder cartsLost = new LongAdder();
    private final LongAdder limited = new LongAdder();
    private final LongAdder shed = new LongAdder();

    @Override
    public void ok(long nanos) {
        requests.increment();
        latency.record(nanos);
    }

    @Override
    public void failed(long nanos, int status, String reason) {
        if (status == 429) {
            limited.increment();
        } else if (status == 503) {
            shed.increment();
        }
        requests.increment();
        errors.increment();
        latency.record(nanos);
        reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void mismatch(String reason) {
        errors.increment();
        reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void answeredBy(String version) {
        versions.computeIfAbsent(version, v -> new LongAdder()).increment();
    }

    @Override
    public void loggedOut() {
        loggedOut.increment();
    }

    @Override
    public void cartLost() {
        cartsLost.increment();
    }

    long requests() {
        return requests.sum();
    }

    long errors() {
        return errors.sum();
    }

    double p95Millis() {
        return latency.percentileMillis(0.95);
    }

    /** Why requests failed, with counts, sorted by reason. */
    Map<String, Long> reasons() {
        Map<String, Long> out = new TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Answers by shop version ({@code X-Version}), sorted by version. */
    Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        versions.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Times a logged-in shopper found itself logged out. */
    long loggedOutCount() {
        return loggedOut.sum();
    }

    /** Requests answered 429: over a rate limit. */
    long limitedCount() {
        return limited.sum();
    }

    /** Requests answered 503: shed over a concurrency limit, or no instance to take them. */
    long shedCount() {
        return shed.sum();
    }

    /** Times a shopper's cart held less than it put in. */
    long cartsLostCount() {
        return cartsLost.sum();
    }
}
