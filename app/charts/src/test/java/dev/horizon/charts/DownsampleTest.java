package dev.horizon.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DownsampleTest {

    private static double[] seconds(int n) {
        double[] x = new double[n];
        Arrays.setAll(x, i -> i);
        return x;
    }

    @Test
    void aShortSeriesIsDrawnAsItIs() {
        double[] x = seconds(5);
        double[] y = {1, 5, 2, 4, 3};

        double[][] xy = Downsample.minMax(x, y, 5);

        assertThat(xy[0]).isSameAs(x);
        assertThat(xy[1]).isSameAs(y);
    }

    @Test
    void keepsEachBucketsMinimumAndMaximumInTimeOrder() {
        double[] y = {3, 9, 1, 4, /* */ 5, 5, 5, 5, /* */ 2, 0, 8, 1};

        double[][] xy = Downsample.minMax(seconds(12), y, 6);

        assertThat(xy[0]).containsExactly(1, 2, 4, 9, 10);
        assertThat(xy[1]).containsExactly(9, 1, 5, 0, 8);
    }

    @Test
    void aOneSecondSpikeInADayKeepsItsExactHeight() {
        int day = 86_400;
        double[] y = new double[day];
        Arrays.setAll(y, s -> 100 + 50 * Math.sin(2 * Math.PI * s / day));
        y[43_211] = 5_123.25;
        y[70_000] = -7;

        double[][] xy = Downsample.minMax(seconds(day), y, 2_000);

        assertThat(xy[1].length).isLessThanOrEqualTo(2_000);
        assertThat(Arrays.stream(xy[1]).max().orElseThrow()).isEqualTo(5_123.25);
        assertThat(Arrays.stream(xy[1]).min().orElseThrow()).isEqualTo(-7);
        int spike = 0;
        while (xy[1][spike] != 5_123.25) {
            spike++;
        }
        assertThat(xy[0][spike]).isEqualTo(43_211);
    }

    @Test
    void aBucketOfUnknownsStaysAGapAndUnknownsElsewhereAreSkipped() {
        double nan = Double.NaN;
        double[] y = {nan, nan, nan, nan, /* */ 1, nan, 7, nan, /* */ nan, nan, nan, 2};

        double[][] xy = Downsample.minMax(seconds(12), y, 6);

        assertThat(xy[0]).containsExactly(0, 4, 6, 11);
        assertThat(xy[1]).containsExactly(nan, 1, 7, 2);
    }

    /** Against a reference: every bucket's extremes, at most maxPoints points, times increasing. */
    @Test
    void matchesTheExtremesOfEveryBucketOnRandomSeries() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(5_000);
            int maxPoints = 2 + random.nextInt(600);
            double[] y = new double[n];
            Arrays.setAll(y, i -> random.nextInt(10) == 0 ? Double.NaN : random.nextInt(1_000));

            double[][] xy = Downsample.minMax(seconds(n), y, maxPoints);

            assertThat(xy[1]).hasSameSizeAs(xy[0]);
            assertThat(xy[0].length).isLessThanOrEqualTo(maxPoints);
            for (int i = 1; i < xy[0].length; i++) {
                assertThat(xy[0][i]).isGreaterThan(xy[0][i - 1]);
            }
            for (int i = 0; i < xy[0].length; i++) {
                assertSame(xy[1][i], y[(int) xy[0][i]]);
            }
            assertSame(extreme(xy[1], true), extreme(y, true));
            assertSame(extreme(xy[1], false), extreme(y, false));
        }
    }

    /** Equal, NaN being equal to NaN. */
    private static void assertSame(double actual, double expected) {
        assertThat(Double.compare(actual, expected)).as("%s vs %s", actual, expected).isZero();
    }

    private static double extreme(double[] values, boolean max) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).reduce(max ? Math::max : Math::min)
            .orElse(Double.NaN);
    }
}
