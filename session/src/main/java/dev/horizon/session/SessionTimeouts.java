package dev.horizon.session;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a session lives: {@code idle} is sliding (every load of the session restarts it) and {@code maxLifetime}
 * is absolute (counted from creation, however active the session is).
 *
 * @param idle a session not loaded for this long is gone
 * @param maxLifetime a session older than this is gone
 */
public record SessionTimeouts(Duration idle, Duration maxLifetime) {

    /** 30 minutes idle, 12 hours at most: the servlet default idle timeout and a working day. */
    public static final SessionTimeouts DEFAULT = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12));

    /** Checks that both are positive and that the idle timeout does not exceed the lifetime. */
    public SessionTimeouts {
        if (idle.isNegative() || idle.isZero() || idle.toMillis() == 0) {
            throw new IllegalArgumentException("idle timeout: " + DurationText.format(idle)
                + " (expected: at least 1ms)");
        }
        if (maxLifetime.compareTo(idle) < 0) {
            throw new IllegalArgumentException(
                "max lifetime: " + DurationText.format(maxLifetime) + " (expected: at least the idle timeout, "
                    + DurationText.format(idle) + ")");
        }
    }

    /** When a session created at {@code created} and last loaded at {@code lastAccessed} stops being live. */
    public Instant expiry(Instant created, Instant lastAccessed) {
        Instant idleEnd = lastAccessed.plus(idle);
        Instant lifeEnd = created.plus(maxLifetime);
        return idleEnd.isBefore(lifeEnd) ? idleEnd : lifeEnd;
    }
}
