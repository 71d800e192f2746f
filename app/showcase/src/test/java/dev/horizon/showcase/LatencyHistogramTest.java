package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LatencyHistogramTest {

    @Test
    void emptyHistogramHasZeroPercentiles() {
        assertThat(new LatencyHistogram().percentileMillis(0.95)).isZero();
    }

    @Test
    void bucketsCoverEveryMicrosecondValueWithoutGapsOrOverlaps() {
        long previousUpper = 0;
        for (int b = 0; b < 200; b++) {
            long upper = LatencyHistogram.upperMicros(b);
            assertThat(upper).as("bucket %d", b).isGreaterThan(previousUpper);
            assertThat(LatencyHistogram.bucket(upper - 1)).as("last value of bucket %d", b).isEqualTo(b);
            assertThat(LatencyHistogram.bucket(upper)).as("first value after bucket %d", b).isEqualTo(b + 1);
            previousUpper = upper;
        }
    }

    @Test
    void percentilesAreWithinNinePercentOfTheExactOnes() {
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
            assertThat(h.percentileMillis(q)).as("p%s", q * 100).isBetween(exact, exact * 1.125);
        }
        assertThat(h.count()).isEqualTo(20_000);
    }
}
