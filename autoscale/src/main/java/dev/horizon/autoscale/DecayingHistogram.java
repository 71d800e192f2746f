package dev.horizon.autoscale;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A histogram of weighted samples in which newer samples weigh more: a sample added at {@code t} counts
 * {@code weight × 2^((t − reference) / halfLife)}, so it loses half its importance every half-life. Percentiles are the
 * end of the bucket in which the cumulative weight reaches the fraction (the start of the last bucket, which has no
 * end); an empty histogram answers 0.
 *
 * <p>Implementation notes: the VPA's {@code decaying_histogram.go} over {@code histogram.go}
 * ({@code vertical-pod-autoscaler/pkg/recommender/util}). Only relative weights matter, so the reference time may move
 * at will; it moves forward, to the sample's time rounded to a multiple of the half-life, whenever a sample lies more
 * than 100 half-lives after it, and every weight is scaled by {@code 2^(old − new)} so none overflows. The VPA rounds
 * from Go's zero time; here the multiples count from the epoch, which changes the scale of the weights and not one
 * percentile. A bucket whose weight is below {@code epsilon} counts as empty, as in the VPA.
 */
final class DecayingHistogram {

    /** The VPA's least weight of a sample before decay ({@code minSampleWeight}). */
    static final double MIN_SAMPLE_WEIGHT = 0.1;
    /** The VPA's epsilon: a bucket lighter than this is empty. */
    static final double EPSILON = 0.001 * MIN_SAMPLE_WEIGHT;

    private static final int MAX_DECAY_EXPONENT = 100;

    private final HistogramBuckets buckets;
    private final long halfLifeNanos;
    private final double epsilon;
    private final double[] weights;
    private double total;
    private int minBucket;
    private int maxBucket;
    private @Nullable Instant reference;

    DecayingHistogram(HistogramBuckets buckets, Duration halfLife, double epsilon) {
        this.buckets = buckets;
        this.halfLifeNanos = halfLife.toNanos();
        this.epsilon = epsilon;
        this.weights = new double[buckets.count()];
        this.minBucket = buckets.count() - 1;
        this.maxBucket = 0;
    }

    DecayingHistogram(HistogramBuckets buckets, Duration halfLife) {
        this(buckets, halfLife, EPSILON);
    }

    /** Adds {@code value} with {@code weight} (not negative) at {@code at}. */
    void add(double value, double weight, Instant at) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
        double w = weight * decayFactor(at);
        int b = buckets.find(value);
        weights[b] += w;
        total += w;
        if (b < minBucket && weights[b] >= epsilon) {
            minBucket = b;
        }
        if (b > maxBucket && weights[b] >= epsilon) {
            maxBucket = b;
        }
    }

    /** Takes {@code value} with {@code weight} at {@code at} out again (at most what its bucket holds). */
    void subtract(double value, double weight, Instant at) {
        double w = weight * decayFactor(at);
        int b = buckets.find(value);
        if (w > weights[b] - epsilon) {
            w = weights[b];
        }
        weights[b] -= w;
        total -= w;
        shrinkRange();
    }

    /** Whether no bucket holds weight. */
    boolean isEmpty() {
        return weights[minBucket] < epsilon;
    }

    /** The {@code fraction} percentile (0..1; outside it the smallest or the largest), 0 when empty. */
    double percentile(double fraction) {
        if (isEmpty()) {
            return 0;
        }
        double threshold = fraction * total;
        double sum = 0;
        int b = minBucket;
        for (; b < maxBucket; b++) {
            sum += weights[b];
            if (sum >= threshold) {
                break;
            }
        }
        return b < buckets.count() - 1 ? buckets.start(b + 1) : buckets.start(b);
    }

    private double decayFactor(Instant at) {
        Instant ref = reference;
        if (ref == null || Duration.between(ref, at).toNanos() > halfLifeNanos * MAX_DECAY_EXPONENT) {
            shiftReference(at);
            ref = reference;
        }
        return Math.pow(2, Duration.between(ref, at).toNanos() / (double) halfLifeNanos);
    }

    private void shiftReference(Instant at) {
        long halfLives = Math.floorDiv(Duration.between(Instant.EPOCH, at).toNanos() + halfLifeNanos / 2,
            halfLifeNanos);
        Instant shifted = Instant.EPOCH.plusNanos(halfLives * halfLifeNanos);
        Instant ref = reference;
        if (ref != null) {
            double exponent = Math.floor(Duration.between(shifted, ref).toNanos() / (double) halfLifeNanos + 0.5);
            double factor = Math.pow(2, exponent);
            for (int b = minBucket; b <= maxBucket; b++) {
                weights[b] *= factor;
            }
            total *= factor;
            shrinkRange();
        }
        reference = shifted;
    }

    private void shrinkRange() {
        while (weights[minBucket] < epsilon && minBucket < buckets.count() - 1) {
            minBucket++;
        }
        while (weights[maxBucket] < epsilon && maxBucket > 0) {
            maxBucket--;
        }
    }
}
