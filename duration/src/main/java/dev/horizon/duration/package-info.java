/**
 * Durations as {@code horizon.yaml} writes them and every message of Horizon prints them: {@link
 * dev.horizon.duration.DurationText}. A leaf module that every other one may use, so that no module formats a
 * {@link java.time.Duration} by its ISO-8601 {@code toString()} ({@code PT1M}).
 */
@NullMarked
package dev.horizon.duration;

import org.jspecify.annotations.NullMarked;
