package dev.horizon.autoscale;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one instance used in one period, for the vertical recommender: its CPU and its memory.
 *
 * @param id     the instance
 * @param cpu    CPU used, in millicores (a rate over the period), not negative
 * @param memory memory in use at the sample (the cgroup's usage), in bytes, or null when not measured
 */
public record InstanceUsage(String id, double cpu, @Nullable Long memory) {

    /** Validates the numbers. */
    public InstanceUsage {
        Objects.requireNonNull(id, "id");
        if (!(cpu >= 0) || Double.isInfinite(cpu)) {
            throw new IllegalArgumentException("cpu: " + cpu + " (expected: millicores >= 0)");
        }
        if (memory != null && memory < 0) {
            throw new IllegalArgumentException("memory: " + memory + " (expected: bytes >= 0)");
        }
    }
}
