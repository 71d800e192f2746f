package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's timeouts: {@code gateway.timeouts} in {@code horizon.yaml}.
 *
 * @param connect        opening a connection to an endpoint; a slower connect fails the attempt (retried elsewhere)
 * @param requestHeaders receiving a whole request head, counted from the connection's first byte or the end of the
 *                       previous response; a client slower than this gets 408 (defeats slowloris)
 * @param idle           how long a client keep-alive connection may sit idle between requests before it is closed
 * @param backend        waiting for the endpoint's response head after the request was sent, and between two reads of
 *                       its body; exceeding it answers 504
 * @param total          the whole exchange, from the request head to the last response byte, all attempts included;
 *                       exceeding it answers 504 (or cuts a response already under way). Zero disables it
 */
public record Timeouts(Duration connect, Duration requestHeaders, Duration idle, Duration backend, Duration total) {

    /** nginx- and HAProxy-like defaults: connect 2 s, request head 10 s, idle 60 s, backend 30 s, no total limit. */
    public static final Timeouts DEFAULTS = new Timeouts(
        Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ZERO);

    /** Validates: every timeout positive except {@code total}, which may be zero (off). */
    public Timeouts {
        positive("connect", connect);
        positive("request-headers", requestHeaders);
        positive("idle", idle);
        positive("backend", backend);
        Objects.requireNonNull(total, "total");
        if (total.isNegative()) {
            throw new IllegalArgumentException("total: " + DurationText.format(total)
                + " (expected: >= 0, 0 = no limit)");
        }
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": " + DurationText.format(d) + " (expected: > 0)");
        }
    }
}
