package dev.horizon.sim.plan;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sizing.Resources;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One strategy the planner simulates: a name for the table, and what it changes in the configured service.
 *
 * @param name     the table's name for it ({@code horizontal m6i.large}, {@code vertical-first}, {@code scheduled})
 * @param strategy the autoscaler's strategy
 * @param vertical its vertical policy; null exactly when {@code strategy} is horizontal
 * @param size     the size instances start with (a CPU is set)
 * @param policy   the count law's policy, with any schedule or predictive policy the strategy adds
 */
public record Candidate(String name, Strategy strategy, @Nullable VerticalPolicy vertical, Resources size,
                        ScalingPolicy policy) {

    /** Validates the pairing of strategy and vertical policy. */
    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(policy, "policy");
        if ((strategy == Strategy.HORIZONTAL) != (vertical == null)) {
            throw new IllegalArgumentException(name + ": strategy " + strategy.text() + " with"
                + (vertical == null ? "out" : "") + " a vertical policy (expected: one exactly when it sizes)");
        }
        if (size.cpu() == null) {
            throw new IllegalArgumentException(name + ": size " + size.brief() + " (expected: a CPU size)");
        }
    }
}
