package dev.horizon.sim.engine;

import dev.horizon.duration.DurationText;
import dev.horizon.limit.ConcurrencyLimit;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * A service's {@code concurrency-limit} as the gateway applies it in front of the instances: how many of the
 * service's requests may be in flight at once, by which law, and whether the rest wait in a bounded queue or are shed
 * at once (503). {@code Admission} runs it in the simulation.
 *
 * @param law          a new limit law at its starting value, one per simulation (a law keeps state): the gateway's
 *                     own {@code ConcurrencyLimitConfig.newLimit}, so the simulator runs the same {@code limit} classes
 * @param threshold    how many requests may be in flight when one more is admitted under a limit of {@code L}: the
 *                     gateway's priority threshold of the requests' priority ({@code L − L/10} for the default,
 *                     {@code normal}); {@link IntUnaryOperator#identity()} admits up to the whole limit
 * @param queue        the most requests waiting for a place, 0 to shed every request over the limit at once
 * @param queueTimeout how long a waiting request waits before it is shed; ignored without a queue
 */
public record AdmissionLimit(Supplier<ConcurrencyLimit> law, IntUnaryOperator threshold, int queue,
                             Duration queueTimeout) {

    /** The gateway's default queue timeout ({@code queue: { timeout }}). */
    public static final Duration QUEUE_TIMEOUT = Duration.ofMillis(50);

    /** Validates the components. */
    public AdmissionLimit {
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        if (queue < 0 || queue > 100_000) {
            throw new IllegalArgumentException("queue.size: " + queue + " (expected: 0..100000)");
        }
        if (queueTimeout.isNegative() || queueTimeout.isZero()) {
            throw new IllegalArgumentException("queue.timeout: " + DurationText.format(queueTimeout)
                + " (expected: > 0)");
        }
    }

    /** {@code law}'s limit over the whole limit, no queue: a request over it is shed at once. */
    public static AdmissionLimit of(Supplier<ConcurrencyLimit> law) {
        return new AdmissionLimit(law, IntUnaryOperator.identity(), 0, QUEUE_TIMEOUT);
    }

    /** This limit with requests admitted while fewer than {@code newThreshold} of the limit are in flight. */
    public AdmissionLimit withThreshold(IntUnaryOperator newThreshold) {
        return new AdmissionLimit(law, newThreshold, queue, queueTimeout);
    }

    /** This limit with a queue of {@code size} requests waiting up to {@code timeout} each (size 0: none). */
    public AdmissionLimit withQueue(int size, Duration timeout) {
        return new AdmissionLimit(law, threshold, size, timeout);
    }
}
