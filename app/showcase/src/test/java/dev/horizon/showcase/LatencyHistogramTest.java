package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LatencyHistogramTest {

    @Test
    void emptyHistogramHasZeroPercentiles() {
        assertThat(new LatencyHistogram().percentileMillis(0.95)).isZero();
        assertThat(new LatencyHistogram().count()).isZero();
    }

    @Test
    void percentilesAreWithinOnePercentOfTheExactOnes() {
        SplittableRandom random = new SplittableRandom(7);
        LatencyHistogram h = new LatencyHistogram();
        long[] micros = new long[20_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = 50 + (long) (Math.exp(random.nextDouble(0, 12)));
            h.record(micros[i] * 1000);
        }
        Arrays.sort(micros);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exact = micros[(int) Math.ceil(q * micros.length) - 1] / 1000.0;
            assertThat(h.percentileMillis(q)).as("p%s", q * 100).isBetween(exact, exact * 1.01);
        }
        assertThat(h.count()).isEqualTo(20_000);
    }

    @Test
    void aPhaseOfThirtyFiveMillisecondsIsNotRoundedToABucketEdge() {
        // the old histogram answered 36.864 ms (its bucket's upper edge) for every p95 from 32.769 to 36.864 ms
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 350_000L);
        }
        assertThat(h.percentileMillis(0.95)).isBetween(33.25, 33.25 * 1.01);
    }

    @Test
    void outOfRangeLatenciesAreClamped() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(7_200_000_000_000L);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.percentileMillis(0.01)).isEqualTo(0.001);
        assertThat(h.percentileMillis(1.0)).isBetween(3_600_000.0, 3_600_000.0 * 1.01);
    }
}
