package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The VPA's own histogram cases ({@code vertical-pod-autoscaler/pkg/recommender/util/histogram_test.go},
 * {@code decaying_histogram_test.go}, {@code histogram_options_test.go}), ported by name with their expected numbers.
 */
class DecayingHistogramTest {

    /** The VPA tests' options: 0..10 in buckets of 1, an epsilon of 1e-15. */
    private static final HistogramBuckets TEN = HistogramBuckets.linear(10, 1);
    private static final double WEIGHT_EPSILON = 1e-15;
    private static final Duration HOUR = Duration.ofHours(1);
    /** On a whole hour, so a sample at this instant decays by exactly 1. */
    private static final Instant T0 = Instant.parse("2030-01-07T12:00:00Z");
    private static final Instant START = Instant.ofEpochSecond(1234567890);

    private static DecayingHistogram ten() {
        return new DecayingHistogram(TEN, HOUR, WEIGHT_EPSILON);
    }

    private static void assertPercentiles(DecayingHistogram h, double[][] cases) {
        for (double[] c : cases) {
            assertThat(h.percentile(c[0])).as("P%s", c[0]).isCloseTo(c[1], within(1e-12));
        }
    }

    @Test
    void percentilesEmptyDecayingHistogram() {
        DecayingHistogram h = ten();
        for (double p = -0.5; p <= 1.5; p += 0.5) {
            assertThat(h.percentile(p)).isZero();
        }
        assertThat(h.isEmpty()).isTrue();
    }

    @Test
    void percentilesOfOneTwoThreeFourWithoutDecay() {  // TestPercentiles, TestNoDecay
        DecayingHistogram h = ten();
        for (int i = 1; i <= 4; i++) {
            h.add(i, i, START);
        }
        assertPercentiles(h, new double[][] {{0.0, 2}, {0.1, 2}, {0.2, 3}, {0.3, 3}, {0.4, 4}, {0.5, 4}, {0.6, 4},
            {0.7, 5}, {0.8, 5}, {0.9, 5}, {1.0, 5}});
    }

    @Test
    void percentileOutOfBoundsIsTheSmallestOrTheLargest() {  // TestPercentileOutOfBounds
        DecayingHistogram h = new DecayingHistogram(HistogramBuckets.linear(1.0, 0.1), HOUR, WEIGHT_EPSILON);
        h.add(0.1, 0.1, START);
        h.add(0.2, 0.2, START);
        assertPercentiles(h, new double[][] {{-0.1, 0.2}, {1.1, 0.3}});
        h.add(0.0, 0.1, START);
        h.add(1.0, 0.2, START);
        assertPercentiles(h, new double[][] {{-0.1, 0.1}, {1.1, 1.0}});
    }

    @Test
    void emptyOnceTheWeightFallsBelowEpsilon() {  // TestEmptyHistogram
        DecayingHistogram h = new DecayingHistogram(HistogramBuckets.linear(1.0, 0.1), HOUR, WEIGHT_EPSILON);
        h.add(0.1, WEIGHT_EPSILON * 2.5, T0);
        assertThat(h.isEmpty()).isFalse();
        h.subtract(0.1, WEIGHT_EPSILON, T0);
        assertThat(h.isEmpty()).isFalse();
        h.subtract(0.1, WEIGHT_EPSILON, T0);
        assertThat(h.isEmpty()).isTrue();
    }

    @Test
    void simpleDecay() {  // TestSimpleDecay: 20 half-lives later a weight of 1 outweighs one of 1000
        DecayingHistogram h = ten();
        h.add(2, 1000, START);
        h.add(1, 1, START.plus(HOUR.multipliedBy(20)));
        assertPercentiles(h, new double[][] {{0.999, 2}, {1.0, 3}});
    }

    @Test
    void longtermDecayRenormalizesPastOneHundredHalfLives() {  // TestLongtermDecay
        DecayingHistogram h = ten();
        h.add(2, 1, START);
        h.add(1, 1, START.plus(HOUR.multipliedBy(101)));
        assertPercentiles(h, new double[][] {{1.0, 2}});
    }

    @Test
    void decayingHistogramPercentiles() {  // TestDecayingHistogramPercentiles: weights i × 2^(i − 4)
        DecayingHistogram h = ten();
        Instant t = START;
        for (int i = 1; i <= 4; i++) {
            h.add(i, i, t);
            t = t.plus(HOUR);
        }
        assertPercentiles(h, new double[][] {{0.00, 2}, {0.02, 2}, {0.03, 3}, {0.10, 3}, {0.11, 4}, {0.34, 4},
            {0.35, 5}, {1.00, 5}});
    }

    @Test
    void exponentialBucketsStartAndFind() {  // TestExponentialHistogramOptions
        HistogramBuckets b = HistogramBuckets.exponential(500, 40, 1.5);
        assertThat(b.count()).isEqualTo(6);
        assertThat(new double[] {b.start(0), b.start(1), b.start(2), b.start(3), b.start(4), b.start(5)})
            .containsExactly(new double[] {0, 40, 100, 190, 325, 527.5}, within(1e-9));
        assertThat(new int[] {b.find(-1), b.find(39.99), b.find(40), b.find(100), b.find(900)})
            .containsExactly(0, 0, 1, 2, 5);
    }

    @Test
    void linearBucketsStartAndFind() {  // TestLinearHistogramOptions
        HistogramBuckets b = HistogramBuckets.linear(5.0, 0.3);
        assertThat(b.count()).isEqualTo(18);
        assertThat(b.start(17)).isCloseTo(5.1, within(1e-12));
        assertThat(new int[] {b.find(-1), b.find(0), b.find(1.3), b.find(100)}).containsExactly(0, 0, 4, 17);
    }

    @Test
    void vpaSchemesPutPercentilesWithinFivePercent() {  // TestPercentileEstimator: CPU P20 of 1,2,3; memory P50
        DecayingHistogram cpu = new DecayingHistogram(HistogramBuckets.exponential(1000, 0.001, 1.05), HOUR);
        DecayingHistogram memory = new DecayingHistogram(HistogramBuckets.exponential(1e12, 1e7, 1.05), HOUR);
        for (int i = 1; i <= 3; i++) {
            cpu.add(i, 1, START);
            memory.add(i * 1e9, 1, START);
        }
        assertThat(cpu.percentile(0.2)).isCloseTo(1.0, within(0.05));
        assertThat(memory.percentile(0.5)).isCloseTo(2e9, within(0.05 * 2e9));
    }
}
