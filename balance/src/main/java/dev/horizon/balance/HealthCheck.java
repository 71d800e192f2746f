package dev.horizon.balance;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How an endpoint is probed by active health checks: the {@code health} block of a service in {@code horizon.yaml}
 * (the probe's path and expected statuses belong to the gateway). {@link HealthState} applies {@code rise} and
 * {@code fall} to the results.
 *
 * @param interval time between two probes of one endpoint, before jitter (see {@link #nextCheckDelayNanos}); > 0
 * @param timeout  how long a probe may take before it counts as failed; > 0
 * @param rise     consecutive passes that make an unhealthy endpoint healthy; >= 1
 * @param fall     consecutive failures that make a healthy endpoint unhealthy; >= 1
 */
public record HealthCheck(Duration interval, Duration timeout, int rise, int fall) {

    /** HAProxy's defaults: a probe every 2 s, healthy after 2 passes, unhealthy after 3 failures; 1 s timeout. */
    public static final HealthCheck DEFAULTS = new HealthCheck(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);

    /** Smallest factor of {@link #interval} that {@link #nextCheckDelayNanos} returns. */
    public static final double MIN_JITTER_FACTOR = 0.8;
    /** Largest factor of {@link #interval} that {@link #nextCheckDelayNanos} returns. */
    public static final double MAX_JITTER_FACTOR = 1.2;

    /** Validates every component; messages name the {@code horizon.yaml} key, the bad value and what was expected. */
    public HealthCheck {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        ConfigDurations.requirePositive("interval", interval);
        ConfigDurations.requirePositive("timeout", timeout);
        if (rise < 1) {
            throw new IllegalArgumentException("rise: " + rise + " (expected: >= 1)");
        }
        if (fall < 1) {
            throw new IllegalArgumentException("fall: " + fall + " (expected: >= 1)");
        }
    }

    /**
     * The delay before the next probe of one endpoint: {@link #interval} times a factor drawn uniformly from
     * [{@value #MIN_JITTER_FACTOR}, {@value #MAX_JITTER_FACTOR}], rounded to whole nanoseconds and at least 1 ns.
     * The ±20 % jitter (Armeria's health-checked endpoint group) keeps the probes of many endpoints, and of many
     * gateways, from running in lockstep.
     *
     * @param random the source of the jitter; a seeded generator makes a test exact
     */
    public long nextCheckDelayNanos(RandomGenerator random) {
        double factor = random.nextDouble(MIN_JITTER_FACTOR, MAX_JITTER_FACTOR);
        return Math.max(1, Math.round(interval.toNanos() * factor));
    }
}
