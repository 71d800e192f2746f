package dev.horizon.autoscale;

import java.time.ZoneId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled action (EC2 Auto Scaling's): when {@code cron} fires in {@code zone} it sets the minimum, the maximum
 * and/or the desired count. The bounds it sets stay in force until another action sets them again; a desired count
 * is applied once, when it fires, and enters the stabilization history like a recommendation (so a scale-down from it
 * waits out the down-window).
 *
 * @param cron    when it fires
 * @param zone    the zone the cron is read in
 * @param min     the minimum it sets, or null
 * @param max     the maximum it sets, or null
 * @param desired the count it sets when it fires, or null
 */
public record ScheduledAction(Cron cron, ZoneId zone, @Nullable Integer min, @Nullable Integer max,
                              @Nullable Integer desired) {

    /** Validates the counts. */
    public ScheduledAction {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        if (min == null && max == null && desired == null) {
            throw new IllegalArgumentException("min, max, desired: none set (expected: at least one)");
        }
        nonNegative("min", min);
        nonNegative("max", max);
        nonNegative("desired", desired);
        if (min != null && max != null && max < min) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
        }
        if (desired != null && ((min != null && desired < min) || (max != null && desired > max))) {
            throw new IllegalArgumentException("desired: " + desired + " (expected: within min..max)");
        }
    }

    private static void nonNegative(String key, @Nullable Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: >= 0)");
        }
    }

    /** {@code "0 9 * * MON-FRI" UTC}: the action as the decision log names it. */
    String describe() {
        return "\"" + cron + "\" " + zone.getId();
    }
}
