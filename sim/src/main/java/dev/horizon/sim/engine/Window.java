package dev.horizon.sim.engine;

import java.util.Objects;

/**
 * A stretch of the trace whose latencies the summary reports apart ({@link Scenario.Builder#window}): a phase of a
 * recorded run, say, to compare with the p95 its clients measured. A request counts in every window its end falls
 * in, as a client's phase counts the answers it got in the phase.
 *
 * @param name  what the summary calls it
 * @param start its first instant, in seconds from the trace's start (0 or more)
 * @param end   the instant after it (more than {@code start})
 */
public record Window(String name, double start, double end) {

    /** Validates the name and the bounds. */
    public Window {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("window: a name is required");
        }
        if (!(start >= 0) || !(end > start) || Double.isInfinite(end)) {
            throw new IllegalArgumentException("window " + name + ": " + start + "s.." + end + "s (expected: "
                + "0 <= start < end)");
        }
    }

    /** Whether {@code t} (seconds from the trace's start) falls in it. */
    boolean holds(double t) {
        return t >= start && t < end;
    }
}
