package dev.horizon.balance;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live counters of one endpoint that load-aware balancers read: requests in flight, open connections and a
 * peak-sensitive latency EWMA. Thread-safe; counters are updated by the data plane as requests start and finish, and
 * read without locks by picks.
 *
 * <p>Implementation notes. The latency estimate is Finagle's {@code PeakEwma} as Linkerd uses it: on an RTT sample
 * taken {@code Δt} after the previous one, with {@code w = exp(-Δt/τ)}, a slower sample replaces the cost at once
 * ({@code cost = rtt}) and a faster one decays into it ({@code cost = cost·w + rtt·(1−w)}). Reads decay the cost toward
 * zero by the time since the last sample ({@code cost·exp(-Δt/τ)}), as Finagle's {@code observe(0)} and Linkerd's
 * {@code decay} do, so an endpoint that was slow once and then got no traffic is tried again. Before its first sample
 * an endpoint costs {@code initialCost} (Linkerd's default 30 ms) and that estimate does not decay; the first sample
 * replaces it. τ defaults to 10 s.
 */
public final class EndpointLoad {

    /** τ of the latency EWMA when not configured: 10 s (Finagle, Linkerd). */
    public static final Duration DEFAULT_DECAY = Duration.ofSeconds(10);
    /** Latency assumed before the first sample: 30 ms (Linkerd's default RTT). */
    public static final Duration DEFAULT_INITIAL_COST = Duration.ofMillis(30);

    private static final long NO_SAMPLE = Long.MIN_VALUE;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Object ewmaLock = new Object();
    private final double decayNanos;
    private volatile Ewma ewma;

    /** Counters with the default latency decay and initial cost. */
    public EndpointLoad() {
        this(DEFAULT_DECAY, DEFAULT_INITIAL_COST);
    }

    /**
     * Counters with a configured latency EWMA.
     *
     * @param decay       τ of the EWMA, positive
     * @param initialCost the latency assumed before the first sample, not negative
     */
    public EndpointLoad(Duration decay, Duration initialCost) {
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException("latency decay: " + DurationText.format(decay) + " (expected: > 0)");
        }
        if (initialCost.isNegative()) {
            throw new IllegalArgumentException("initial latency cost: " + DurationText.format(initialCost)
                + " (expected: >= 0)");
        }
        this.decayNanos = decay.toNanos();
        this.ewma = new Ewma(initialCost.toNanos(), NO_SAMPLE);
    }

    /** A request was sent to this endpoint; call {@link #requestFinished()} exactly once when it ends. */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** A request to this endpoint ended (any outcome). */
    public void requestFinished() {
        inFlight.decrementAndGet();
    }

    /** Requests sent to this endpoint that have not finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** A connection to this endpoint was opened; call {@link #connectionClosed()} exactly once when it closes. */
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    /** A connection to this endpoint closed. */
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Connections open to this endpoint. */
    public int connections() {
        return connections.get();
    }

    /**
     * Feeds one round-trip time into the peak EWMA.
     *
     * @param rttNanos the observed latency, not negative
     * @param nowNanos the time of the observation on the caller's monotonic clock
     */
    public void recordLatency(long rttNanos, long nowNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("latency: " + rttNanos + "ns (expected: >= 0)");
        }
        synchronized (ewmaLock) {
            Ewma current = ewma;
            double cost;
            if (current.stampNanos == NO_SAMPLE || rttNanos > current.costNanos) {
                cost = rttNanos;
            } else {
                double w = Math.exp(-Math.max(0, nowNanos - current.stampNanos) / decayNanos);
                cost = current.costNanos * w + rttNanos * (1 - w);
            }
            ewma = new Ewma(cost, nowNanos);
        }
    }

    /** The latency estimate in nanoseconds at {@code nowNanos}: the EWMA decayed by the time since its last sample. */
    public double latencyEwmaNanos(long nowNanos) {
        Ewma current = ewma;
        if (current.stampNanos == NO_SAMPLE) {
            return current.costNanos;
        }
        long elapsed = nowNanos - current.stampNanos;
        return elapsed <= 0 ? current.costNanos : current.costNanos * Math.exp(-elapsed / decayNanos);
    }

    /** Whether {@link #recordLatency} was ever called. */
    public boolean hasLatencySample() {
        return ewma.stampNanos != NO_SAMPLE;
    }

    @Override
    public String toString() {
        return "EndpointLoad[inFlight=" + inFlight() + ", connections=" + connections() + ", ewma=" + ewma.costNanos
            + "ns]";
    }

    private record Ewma(double costNanos, long stampNanos) {
    }
}
