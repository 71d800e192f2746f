package dev.horizon.autoscale;

import java.util.Objects;

/**
 * Stabilization and rate limits for both directions (the HPA's {@code HorizontalPodAutoscalerBehavior}).
 *
 * @param scaleUp   how scaling up behaves
 * @param scaleDown how scaling down behaves
 */
public record Behavior(Rules scaleUp, Rules scaleDown) {

    /** The HPA's defaults in both directions. */
    public static final Behavior DEFAULT = new Behavior(Rules.DEFAULT_SCALE_UP, Rules.DEFAULT_SCALE_DOWN);

    /** Checks both are present. */
    public Behavior {
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(scaleDown, "scaleDown");
    }
}
