package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the fleet waits before starting an instance after failures: {@code initial} after the first failure in a
 * row, doubling with each further failure, at most {@code max}. The count of failures in a row goes back to zero once
 * an instance launched after the last failure has stayed in service for {@code resetAfter}.
 *
 * @param initial    delay after the first failure, {@code > 0}
 * @param max        the cap, {@code >= initial}
 * @param resetAfter time in service that ends a crash loop, {@code > 0}
 */
public record RestartBackoff(Duration initial, Duration max, Duration resetAfter) {

    /** 1s, 2s, 4s … at most 5 minutes; reset after two minutes in service. */
    public static final RestartBackoff DEFAULT =
        new RestartBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(2));

    /** Validates every field; messages name the {@code horizon.yaml} key. */
    public RestartBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(resetAfter, "resetAfter");
        FleetSpec.requirePositive("backoff.initial", initial);
        FleetSpec.requirePositive("backoff.reset-after", resetAfter);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff.max: " + DurationText.rounded(max)
                + " is less than backoff.initial: " + DurationText.rounded(initial));
        }
    }

    /** The delay after {@code failures} failures in a row (1 or more): {@code min(initial × 2^(failures−1), max)}. */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) < 0 ? delay : max;
    }
}
