package dev.horizon.balance.proof;

/** A test-only class in a pure module's package that reads the wall clock: the architecture rules must catch it. */
public final class ReadsTheClock {

    private ReadsTheClock() {
    }

    /** Reads the wall clock. */
    public static long now() {
        return System.currentTimeMillis();
    }
}
