package dev.horizon.gateway.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON line per request, written by a background thread so event loops never block on the output: time,
 * request id, client, method, path, route, service, status, bytes, duration, endpoint, attempts and, when the gateway
 * answered itself, the cause. When the queue is full (the output cannot keep up) lines are dropped and counted, and
 * the count is written as soon as the output catches up.
 */
final class AccessLog implements ExchangeLog {

    private static final int QUEUE = 65_536;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();

    private AccessLog(PrintStream out) {
        Thread writer = Thread.ofPlatform().daemon().name("horizon-access-log").start(() -> {
            try {
                while (true) {
                    String line = lines.take();
                    out.println(line);
                    long lost = dropped.getAndSet(0);
                    if (lost > 0) {
                        out.println("{\"access_log_dropped\":" + lost + "}");
                    }
                    if (lines.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.setUncaughtExceptionHandler((t, e) -> { });
    }

    static AccessLog toStandardOutput() {
        return new AccessLog(System.out);
    }

    @Override
    public void record(Entry e) {
        if (!lines.offer(format(e))) {
            dropped.incrementAndGet();
        }
    }

    /** Queues a line already formatted (an L4 connection's); dropped and counted when the queue is full. */
    void write(String line) {
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** The JSON line for one exchange. */
    static String format(Entry e) {
        StringBuilder b = new StringBuilder(256).append("{\"time\":\"").append(Instant.ofEpochMilli(e.startMillis()))
            .append("\",\"request_id\":");
        b.append(Json.quote(e.requestId())).append(",\"client\":").append(Json.quote(e.client()))
            .append(",\"method\":").append(Json.quote(e.method())).append(",\"path\":").append(Json.quote(e.path()))
            .append(",\"route\":").append(Json.quote(e.route())).append(",\"service\":").append(Json.quote(e.service()))
            .append(",\"status\":").append(e.status()).append(",\"bytes\":").append(e.bytesOut())
            .append(",\"duration_ms\":").append(String.format(Locale.ROOT, "%.3f", e.durationNanos() / 1e6))
            .append(",\"endpoint\":").append(Json.quote(e.endpoint())).append(",\"attempts\":").append(e.attempts());
        if (!e.cause().isEmpty()) {
            b.append(",\"cause\":").append(Json.quote(e.cause()));
        }
        return b.append('}').toString();
    }
}
