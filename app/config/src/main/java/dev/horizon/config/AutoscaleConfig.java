package dev.horizon.config;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code autoscale:} block: the policy, for every metric name it reads (tracked metrics and step
 * policies' metrics) where the readings come from, and which dimensions it scales.
 *
 * @param policy   the scaling policy
 * @param sources  the source of each metric, by the name the policy uses, in file order
 * @param strategy which dimensions the autoscaler changes, and in what order ({@code strategy})
 * @param vertical the bounds and step of the size ({@code vertical}, defaults filled in); null exactly when the
 *                 strategy is {@link Strategy#HORIZONTAL}
 */
public record AutoscaleConfig(ScalingPolicy policy, Map<String, MetricSource> sources, Strategy strategy,
                              @Nullable VerticalPolicy vertical) {

    /** Copies the sources, keeping their order, and checks that a vertical policy comes with a vertical strategy. */
    public AutoscaleConfig {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        Objects.requireNonNull(strategy, "strategy");
        if ((strategy == Strategy.HORIZONTAL) != (vertical == null)) {
            throw new IllegalArgumentException("vertical: " + (vertical == null ? "missing" : "set") + " with strategy "
                + strategy.text() + " (expected: a vertical policy exactly when the strategy is not horizontal)");
        }
    }
}
