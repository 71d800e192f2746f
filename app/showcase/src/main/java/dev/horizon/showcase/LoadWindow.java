package dev.horizon.showcase;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
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
 * @param byRequest  the latencies of the 2xx answers of each kind of request ({@code METHOD PATH}, the path with
 *                   its query), in the order first answered
 */
public record LoadWindow(Duration length, long succeeded, long failed, double meanMillis, double p50Millis,
                         double p95Millis, Map<String, RequestTimes> byRequest) {

    /**
     * The 2xx answers to one kind of request in a window.
     *
     * @param count      how many
     * @param meanMillis their mean latency in milliseconds
     * @param cv         its coefficient of variation (the standard deviation over the mean), 0 for fewer than two
     */
    public record RequestTimes(long count, double meanMillis, double cv) {

        static RequestTimes of(long count, double sumMillis, double squaresMillis) {
            double mean = sumMillis / Math.max(1, count);
            double variance = count < 2 ? 0 : Math.max(0, (squaresMillis - count * mean * mean) / (count - 1));
            return new RequestTimes(count, mean, mean > 0 ? Math.sqrt(variance) / mean : 0);
        }
    }

    /** Keeps an unmodifiable copy of the times by request, in their order. */
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
        /** By kind of request: its count, its total milliseconds and their squares' total. */
        private final Map<String, Tally> byRequest = Collections.synchronizedMap(new LinkedHashMap<>());

        private record Tally(LongAdder count, DoubleAdder millis, DoubleAdder squares) {

            Tally() {
                this(new LongAdder(), new DoubleAdder(), new DoubleAdder());
            }
        }

        /** A 2xx answer to a request of kind {@code request} ({@code METHOD PATH}). */
        void ok(String request, long latencyNanos) {
            ok.increment();
            nanos.add(latencyNanos);
            latency.record(latencyNanos);
            Tally t = byRequest.computeIfAbsent(request, r -> new Tally());
            double millis = latencyNanos / 1e6;
            t.count().increment();
            t.millis().add(millis);
            t.squares().add(millis * millis);
        }

        void failed() {
            failures.increment();
        }

        LoadWindow end() {
            Duration length = Duration.ofNanos(System.nanoTime() - start);
            long n = ok.sum();
            Map<String, RequestTimes> times = new LinkedHashMap<>();
            synchronized (byRequest) {
                byRequest.forEach((r, t) -> times.put(r, RequestTimes.of(t.count().sum(), t.millis().sum(),
                    t.squares().sum())));
            }
            return new LoadWindow(length, n, failures.sum(), n == 0 ? 0 : nanos.sum() / 1e6 / n,
                latency.percentileMillis(0.50), latency.percentileMillis(0.95), times);
        }
    }
}
