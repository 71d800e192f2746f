package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.SizeCatalog;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The bounds and the step of the vertical dimension ({@code autoscale.vertical} in {@code horizon.yaml}).
 *
 * @param minCpu    the smallest CPU the autoscaler gives an instance
 * @param maxCpu    the largest; {@code vertical-first} adds instances only once the size has reached it
 * @param minMemory the smallest memory, or null to leave memory as configured
 * @param maxMemory the largest memory, or null to leave memory as configured
 * @param step      how the size grows and shrinks: by a factor, or to the next size of a catalogue
 * @param halfLife  the recommender's histogram half-life (VPA's default is 24 h; Horizon's default suits a demo)
 * @param baseCpu   the CPU that the targets of per-instance metrics other than CPU utilization are written for (the
 *                  instances' configured CPU): an instance of twice this CPU is expected to carry twice the target
 *                  (twice the requests per second, twice the requests in flight). Without it, an instance grown to
 *                  twice the size would still be held to the target of the small one, read as still overloaded, and
 *                  grown again: the HPA-VPA fight inside one controller
 */
public record VerticalPolicy(Cpu minCpu, Cpu maxCpu, @Nullable Memory minMemory, @Nullable Memory maxMemory,
                             Step step, Duration halfLife, Cpu baseCpu) {

    /** The default half-life: short, so a demo of minutes sees its own history matter. */
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofMinutes(5);

    /** Validates the bounds. */
    public VerticalPolicy {
        Objects.requireNonNull(minCpu, "minCpu");
        Objects.requireNonNull(maxCpu, "maxCpu");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(halfLife, "halfLife");
        Objects.requireNonNull(baseCpu, "baseCpu");
        if (minCpu.compareTo(maxCpu) > 0) {
            throw new IllegalArgumentException("min-cpu: " + minCpu + " is greater than max-cpu: " + maxCpu);
        }
        if (minMemory != null && maxMemory != null && minMemory.compareTo(maxMemory) > 0) {
            throw new IllegalArgumentException("min-memory: " + minMemory + " is greater than max-memory: "
                + maxMemory);
        }
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("half-life: " + DurationText.format(halfLife) + " (expected: > 0s)");
        }
    }

    /** A policy whose metric targets are written for an instance of {@code minCpu}. */
    public VerticalPolicy(Cpu minCpu, Cpu maxCpu, @Nullable Memory minMemory, @Nullable Memory maxMemory, Step step,
                          Duration halfLife) {
        this(minCpu, maxCpu, minMemory, maxMemory, step, halfLife, minCpu);
    }

    /** How the size changes by one step. */
    public sealed interface Step {
    }

    /**
     * Sizes {@code min-cpu × factor^k} up to {@code max-cpu}: growing moves up one, shrinking down to the smallest that
     * suffices. Memory is not on this ladder: within {@code min-memory..max-memory} it follows the recommender.
     *
     * @param factor more than 1, e.g. 2
     */
    public record Factor(double factor) implements Step {
        /** Validates the factor. */
        public Factor {
            if (!(factor > 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("step: " + factor + " (expected: a factor > 1, e.g. 2, or "
                    + "'next-size')");
            }
        }
    }

    /**
     * Move to the next larger or smaller size of {@code catalog}.
     *
     * @param catalog the sizes
     */
    public record NextSize(SizeCatalog catalog) implements Step {
        /** Validates. */
        public NextSize {
            Objects.requireNonNull(catalog, "catalog");
        }
    }
}
