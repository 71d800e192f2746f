package dev.horizon.charts;

import java.util.Arrays;

/**
 * A long series cut to at most a given number of points, keeping every bucket's lowest and highest value: a
 * one-second spike in a day of data stays on the chart at its exact height, where averaging or taking every n-th
 * point would flatten or miss it.
 *
 * <p>Implementation notes: min/max decimation, as oscilloscopes and time-series dashboards draw long series. Jugel et
 * al., "M4: A Visualization-Oriented Time Series Data Aggregation" (VLDB 2014) show that keeping the first, last,
 * minimum and maximum of each pixel column draws exactly the line of all the data; minimum and maximum alone, as
 * here, can shift a line by a pixel where buckets meet but never lose a peak or a trough. The default 2,000 points
 * are about one bucket per pixel column of a 1,200-pixel chart. The rows are split into {@code maxPoints / 2}
 * buckets of equal row count; each bucket gives its minimum and its maximum at their own times, in time order (one
 * point when they are the same row), ignoring {@link Double#NaN}; a bucket of nothing but NaN gives one NaN point, so
 * a stretch of unknowns as long as a bucket stays a gap in the line (a shorter one is bridged).
 */
final class Downsample {

    private Downsample() {
    }

    /**
     * {@code x} and {@code y} as they are when they have {@code maxPoints} rows or fewer, otherwise min/max decimated
     * to at most {@code maxPoints}: {@code {xs, ys}}.
     */
    static double[][] minMax(double[] x, double[] y, int maxPoints) {
        int n = x.length;
        if (n <= maxPoints) {
            return new double[][] {x, y};
        }
        int buckets = Math.max(1, maxPoints / 2);
        double[] xs = new double[2 * buckets];
        double[] ys = new double[2 * buckets];
        int count = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int min = -1;
            int max = -1;
            for (int i = from; i < to; i++) {
                if (!Double.isNaN(y[i])) {
                    if (min < 0 || y[i] < y[min]) {
                        min = i;
                    }
                    if (max < 0 || y[i] > y[max]) {
                        max = i;
                    }
                }
            }
            if (min < 0) {
                xs[count] = x[from];
                ys[count++] = Double.NaN;
                continue;
            }
            int first = Math.min(min, max);
            int second = Math.max(min, max);
            xs[count] = x[first];
            ys[count++] = y[first];
            if (second != first) {
                xs[count] = x[second];
                ys[count++] = y[second];
            }
        }
        return new double[][] {Arrays.copyOf(xs, count), Arrays.copyOf(ys, count)};
    }
}
