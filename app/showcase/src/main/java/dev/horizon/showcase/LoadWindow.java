package dev.horizon.showcase;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link LoadGenerator} measured in one window: the answers that arrived in it and how long they took.
 * Latencies count 2xx answers only; a request that started before the window and ended in it counts in it, which is
 * how a closed loop's throughput is measured (completions over the window).
 *
 * @param length     how long the window lasted
 * @param succeeded  2xx answers that arrived in it
 * @param failed     requests that failed in it (another status, or no answer)
 * @param meanMillis the mean latency of the 2xx answers, 0 when there was none
 * @param p50Millis  their median (within 1 % above the exact one, HdrHistogram), 0 when there was none
 * @param p95Millis  their 95th percentile, likewise
 * @param byRequest  the mean latency of the 2xx answers of each kind of request ({@code METHOD PATH}, the path with
 *                   its query), in milliseconds, in the order first answered
 */
public record LoadWindow(Duration length, long succeeded, long failed, double meanMillis, double p50Millis,
                         double p95Millis, Map<String, Double> byRequest) {

    /** Keeps an unmodifiable copy of the means by request, in their order. */
    public LoadWindow {
        byRequest = Collections.unmodifiableMap(new LinkedHashMap<>(byRequest));
    }

    /** 2xx answers per second. */
    public double throughput() {
        double seconds = length.toNanos() / 1e9;
        return seconds > 0 ? succeeded / seconds : 0;
    }

    /** Counts one window while it is open; thread-safe. */
    static final class Recorder {

        private final long start = System.nanoTime();
        private final LongAdder ok = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder nanos = new LongAdder();
        private final LatencyHistogram latency = new LatencyHistogram();
        /** By kind of request: its count and its total nanoseconds. */
        private final Map<String, LongAdder[]> byRequest = Collections.synchronizedMap(new LinkedHashMap<>());

        /** A 2xx answer to a request of kind {@code request} ({@code METHOD PATH}). */
        void ok(String request, long latencyNanos) {
            ok.increment();
            nanos.add(latencyNanos);
            latency.record(latencyNanos);
            LongAdder[] a = byRequest.computeIfAbsent(request, r -> new LongAdder[] {new LongAdder(), new LongAdder()});
            a[0].increment();
            a[1].add(latencyNanos);
        }

        void failed() {
            failures.increment();
        }

        LoadWindow end() {
            Duration length = Duration.ofNanos(System.nanoTime() - start);
            long n = ok.sum();
            Map<String, Double> means = new LinkedHashMap<>();
            synchronized (byRequest) {
                byRequest.forEach((r, a) -> means.put(r, a[1].sum() / 1e6 / Math.max(1, a[0].sum())));
            }
            return new LoadWindow(length, n, failures.sum(), n == 0 ? 0 : nanos.sum() / 1e6 / n,
                latency.percentileMillis(0.50), latency.percentileMillis(0.95), means);
        }
    }
}
