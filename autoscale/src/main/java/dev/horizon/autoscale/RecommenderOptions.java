package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * The time constants of a {@link VerticalRecommender}.
 *
 * @param halfLife                  how fast old samples lose weight (the VPA's
 *                                  {@code --cpu-histogram-decay-half-life}, also used for memory; 24 h there)
 * @param memoryAggregationInterval one memory peak is kept per instance and interval (the VPA's
 *                                  {@code --memory-aggregation-interval}, 24 h there)
 * @param confidenceInterval        the history length that counts as a confidence of 1 (the VPA's
 *                                  {@code --confidence-interval-cpu/memory}, 24 h there)
 */
public record RecommenderOptions(Duration halfLife, Duration memoryAggregationInterval, Duration confidenceInterval) {

    /** The VPA's defaults: 24 h for all three. */
    public static final RecommenderOptions VPA = of(Duration.ofHours(24));

    /** Validates the durations. */
    public RecommenderOptions {
        positive("half-life", halfLife);
        positive("memory-aggregation-interval", memoryAggregationInterval);
        positive("confidence-interval", confidenceInterval);
    }

    /**
     * All three equal to {@code halfLife}: the VPA's defaults keep them equal (24 h each), so a shorter half-life
     * shortens the other two in proportion.
     */
    public static RecommenderOptions of(Duration halfLife) {
        return new RecommenderOptions(halfLife, halfLife, halfLife);
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (!d.isPositive()) {
            throw new IllegalArgumentException(key + ": " + DurationText.format(d) + " (expected: > 0s)");
        }
    }
}
