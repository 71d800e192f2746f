package dev.horizon.sizing;

import java.util.Locale;

/**
 * How a running instance takes a new size ({@code instances.resize-policy}), as Kubernetes' container
 * {@code resizePolicy} ({@code NotRequired | RestartContainer}, KEP-1287) says it.
 */
public enum ResizePolicy {
    /**
     * The limits change on the running process: CPU always, memory when it grows (a cut below what the instance uses,
     * or below what its JVM fixed at start, replaces it instead). Kubernetes' {@code NotRequired}.
     */
    IN_PLACE,
    /**
     * Every resize replaces the instances one at a time at the new size, as a cloud VM must stop to change type.
     * Kubernetes' {@code RestartContainer}.
     */
    RESTART;

    /** As the file writes it: {@code in-place}, {@code restart}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The policy {@code text} names.
     *
     * @throws IllegalArgumentException naming the two choices
     */
    public static ResizePolicy parse(String text) {
        for (ResizePolicy p : values()) {
            if (p.text().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("(expected: in-place or restart)");
    }
}
