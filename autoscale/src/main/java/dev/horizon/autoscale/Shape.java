package dev.horizon.autoscale;

import dev.horizon.sizing.Resources;
import java.util.Objects;

/**
 * A service's two dimensions: the size of each instance and how many there are.
 *
 * @param size  every instance's CPU and memory
 * @param count the instances, at least 0
 */
public record Shape(Resources size, int count) {

    /** Validates the count. */
    public Shape {
        Objects.requireNonNull(size, "size");
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
    }

    /** {@code 2 × 500m/512Mi}. */
    @Override
    public String toString() {
        return count + " × " + size.brief();
    }
}
