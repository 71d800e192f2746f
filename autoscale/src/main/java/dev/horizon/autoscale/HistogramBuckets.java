package dev.horizon.autoscale;

/**
 * How a {@link DecayingHistogram} divides values into buckets: the VPA's {@code HistogramOptions}.
 *
 * <p>Implementation notes ({@code vertical-pod-autoscaler/pkg/recommender/util/histogram_options.go}). A linear
 * scheme has buckets of one size from 0; an exponential one has a first bucket {@code [0, first)} and each next bucket
 * {@code ratio} times wider, so bucket {@code n >= 1} starts at {@code first × (ratio^n − 1) / (ratio − 1)}. The last
 * bucket starts at or above the maximum and has no end; a value outside the range falls into the nearest bucket. The
 * VPA computes an exponential bucket with a logarithm alone; here the index is then corrected by one where rounding put
 * a value that sits exactly on a bucket start into the bucket before (100 with first 40 and ratio 1.5).
 */
sealed interface HistogramBuckets {

    /** How many buckets there are. */
    int count();

    /** The bucket {@code value} falls into. */
    int find(double value);

    /** Where bucket {@code index} starts. */
    double start(int index);

    /** Buckets of {@code size} from 0, the last starting at or above {@code max}. */
    static HistogramBuckets linear(double max, double size) {
        return new Linear((int) Math.ceil(max / size) + 1, size);
    }

    /** A first bucket of {@code first}, each next {@code ratio} times wider, the last starting at or above max. */
    static HistogramBuckets exponential(double max, double first, double ratio) {
        int count = (int) Math.ceil(Math.log(max * (ratio - 1) / first + 1) / Math.log(ratio)) + 1;
        return new Exponential(count, first, ratio);
    }

    /** Linear buckets. */
    record Linear(int count, double size) implements HistogramBuckets {
        @Override
        public int find(double value) {
            return Math.clamp((long) (value / size), 0, count - 1);
        }

        @Override
        public double start(int index) {
            return index * size;
        }
    }

    /** Exponential buckets. */
    record Exponential(int count, double first, double ratio) implements HistogramBuckets {
        @Override
        public int find(double value) {
            if (value < first) {
                return 0;
            }
            int index = Math.min(count - 1, (int) (Math.log(value * (ratio - 1) / first + 1) / Math.log(ratio)));
            if (index + 1 < count && value >= start(index + 1)) {
                return index + 1;
            }
            return index > 0 && value < start(index) ? index - 1 : index;
        }

        @Override
        public double start(int index) {
            return index == 0 ? 0 : first * (Math.pow(ratio, index) - 1) / (ratio - 1);
        }
    }
}
