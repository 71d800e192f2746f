package dev.horizon.sim.engine;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * A fault: at {@code at} from the start of the trace one instance dies — the oldest in service (else the oldest
 * still active), as a crash would take a process with the longest uptime as readily as any. Its requests fail (they
 * count as rejected), it leaves the balancer at once, and the fleet launches a replacement, as the live fleet
 * replaces a failed instance; the autoscaler sees the count fall only through its metrics.
 *
 * @param at when, from the start of the trace; not negative
 */
public record Kill(Duration at) {

    /** Validates the time. */
    public Kill {
        Objects.requireNonNull(at, "at");
        if (at.isNegative()) {
            throw new IllegalArgumentException("kill at: " + DurationText.format(at) + " (expected: >= 0s)");
        }
    }
}
