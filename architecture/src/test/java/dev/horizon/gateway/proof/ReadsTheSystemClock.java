package dev.horizon.gateway.proof;

/** A test-only class in the gateway's package that reads the system clock: the clock rule must catch it. */
public final class ReadsTheSystemClock {

    private ReadsTheSystemClock() {
    }

    /** Reads the system clock. */
    public static long now() {
        return System.nanoTime();
    }
}
