package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The readiness probe that admits a new instance to the pool: every {@code interval} an HTTP {@code GET path} whose
 * response status must lie in {@code expectFrom..expectTo}, or, without a path, a TCP connect; each attempt must
 * succeed within {@code timeout}. The instance joins after {@code rise} passes in a row; a failure restarts the count.
 *
 * @param path       the request target, starting with {@code /}; {@code null} for a TCP connect probe
 * @param interval   time between the starts of two probes, {@code > 0}; the first probe runs at launch
 * @param timeout    limit on one probe (connect, request and status line), {@code > 0}
 * @param rise       passes in a row that make the instance ready, 1..100
 * @param expectFrom lowest passing status, 100..599 (ignored by TCP probes)
 * @param expectTo   highest passing status, {@code expectFrom}..599 (ignored by TCP probes)
 */
public record Probe(@Nullable String path, Duration interval, Duration timeout, int rise, int expectFrom,
                   int expectTo) {

    /** Validates every field; messages name the {@code horizon.yaml} key. */
    public Probe {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (path != null && (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
            throw new IllegalArgumentException("readiness.path: '" + path
                + "' (expected: a request target starting with '/', without spaces or control characters)");
        }
        FleetSpec.requirePositive("readiness.interval", interval);
        FleetSpec.requirePositive("readiness.timeout", timeout);
        if (rise < 1 || rise > 100) {
            throw new IllegalArgumentException("readiness.rise: " + rise + " (expected: 1..100)");
        }
        if (expectFrom < 100 || expectTo > 599 || expectFrom > expectTo) {
            throw new IllegalArgumentException("readiness.expect: " + expectFrom + "-" + expectTo
                + " (expected: FROM-TO within 100-599, FROM <= TO)");
        }
    }

    /** TCP connect every second, one second each, ready after one success. */
    public static Probe tcp() {
        return tcp(Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
    }

    /** TCP connect probe. */
    public static Probe tcp(Duration interval, Duration timeout, int rise) {
        return new Probe(null, interval, timeout, rise, 200, 399);
    }

    /** {@code GET path} every second, one second each, expecting 200..399, ready after one pass. */
    public static Probe http(String path) {
        return http(path, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 200, 399);
    }

    /** HTTP probe. */
    public static Probe http(String path, Duration interval, Duration timeout, int rise, int expectFrom,
                             int expectTo) {
        return new Probe(Objects.requireNonNull(path, "path"), interval, timeout, rise, expectFrom, expectTo);
    }

    /** Whether a status passes an HTTP probe. */
    public boolean expects(int status) {
        return status >= expectFrom && status <= expectTo;
    }

    /** One line for people, e.g. {@code GET /health expecting 200-399 every 1s} or {@code TCP connect every 1s}. */
    @Override
    public String toString() {
        String what = path == null ? "TCP connect" : "GET " + path + " expecting " + expectFrom + "-" + expectTo;
        return what + " every " + DurationText.rounded(interval) + " (timeout " + DurationText.rounded(timeout)
            + ", rise " + rise + ")";
    }
}
