package dev.horizon.data.shard;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The end of the switch's write pause, on an injected monotonic clock (nanoseconds). */
final class PauseDeadline {

    /** The pause ran out: the switch gives up before committing anything. */
    static final class Exceeded extends SQLException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message, "55P03");
        }
    }

    private final LongSupplier clock;
    private final long start;
    private final Duration max;

    PauseDeadline(LongSupplier clock, Duration max) {
        this.clock = clock;
        this.start = clock.getAsLong();
        this.max = max;
    }

    /** How long the pause has lasted so far. */
    Duration elapsed() {
        return Duration.ofNanos(clock.getAsLong() - start);
    }

    /** What is left of the pause (zero or more). */
    Duration remaining() {
        Duration left = max.minus(elapsed());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Throws {@link Exceeded} when the pause is over, saying what was about to be done. */
    void check(String next) throws Exceeded {
        if (remaining().isZero()) {
            throw new Exceeded("the switch did not fit in the maximum pause of " + max.toMillis() + " ms (" + next
                + " was next after " + elapsed().toMillis() + " ms)");
        }
    }

    /** Whether {@code e} is PostgreSQL giving up on a lock or a statement at this deadline's timeouts. */
    static boolean isTimeout(SQLException e) {
        return e instanceof Exceeded || "55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState());
    }
}
