package dev.horizon.gateway.internal;

/**
 * The gateway's one source of time: a monotonic clock for every deadline, latency and window, and the wall clock for
 * what leaves the process (access-log times, sticky-cookie expiry). Injected, so tests can drive time; the
 * architecture tests allow no other reading of the system clocks in the gateway.
 */
public interface GatewayClock {

    /** Monotonic nanoseconds, only for differences (as {@link System#nanoTime()}). */
    long nanos();

    /** Milliseconds since the epoch (as {@link System#currentTimeMillis()}). */
    long epochMillis();

    /** The system's clocks. */
    static GatewayClock system() {
        return SystemClock.INSTANCE;
    }
}
