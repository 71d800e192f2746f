package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log-linear histogram against sorted latencies: every quantile within its bucket's 3.2 %. */
class LatencyHistogramTest {

    @Test
    void quantilesAreWithinABucketOfTheExactOnes() {
        SplittableRandom random = new SplittableRandom(17);
        long[] micros = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (long) (-Math.log(1 - random.nextDouble()) * 20_000) + random.nextInt(5);
            h.record(micros[i]);
        }
        Arrays.sort(micros);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            double exact = micros[(int) Math.ceil(q * micros.length) - 1] / 1000.0;
            assertThat(h.quantileMs(q)).as("q %s", q).isCloseTo(exact, within(exact * 0.032 + 0.001));
        }
        assertThat(h.total()).isEqualTo(100_000);
    }

    @Test
    void bucketsAreExactBelow32MicrosecondsThenSixteenPerPowerOfTwo() {
        assertThat(LatencyHistogram.bucket(31)).isEqualTo(31);
        assertThat(LatencyHistogram.bucket(32)).isEqualTo(32);
        assertThat(LatencyHistogram.bucket(33)).isEqualTo(32);
        assertThat(LatencyHistogram.bucket(34)).isEqualTo(33);
        assertThat(LatencyHistogram.bucket(64)).isEqualTo(48);
        assertThat(LatencyHistogram.midpointMicros(48)).isEqualTo(65.5);
        assertThat(LatencyHistogram.bucket(-5)).isZero();
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.quantileMs(0.95)).isNaN();
        h.record(1000);
        h.clear();
        assertThat(h.total()).isZero();
        assertThat(h.quantileMs(0.5)).isNaN();
    }
}
