package dev.horizon.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline instead of sleeping a fixed time: a test that waits for what it needs is as
 * fast as the machine allows and fails with what it waited for when the machine is slower than any fixed sleep.
 */
public final class Eventually {

    /** How long {@link #await(String, BooleanSupplier)} waits before it fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private Eventually() {
    }

    /** Polls {@code condition} every 10 ms until it holds; fails with {@code what} after {@link #PATIENCE}. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, PATIENCE, condition);
    }

    /**
     * Polls {@code condition} every 10 ms until it holds; fails with {@code what} after {@code patience}: for what
     * takes processes to start (a JVM per instance, on a loaded machine), longer than {@link #PATIENCE}.
     */
    public static void await(String what, Duration patience, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + patience.toSeconds() + "s waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
