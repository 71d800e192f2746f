package dev.horizon.config;

import dev.horizon.autoscale.ScalingPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's {@code autoscale:} block: the policy, and for every metric name it reads (tracked metrics and step
 * policies' metrics) where the readings come from.
 *
 * @param policy  the scaling policy
 * @param sources the source of each metric, by the name the policy uses, in file order
 */
public record AutoscaleConfig(ScalingPolicy policy, Map<String, MetricSource> sources) {

    /** Copies the sources, keeping their order. */
    public AutoscaleConfig {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }
}
