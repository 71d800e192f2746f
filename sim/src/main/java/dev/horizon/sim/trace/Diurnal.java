package dev.horizon.sim.trace;

/**
 * A day's curve between a low at the trough and a high at the peak: a raised half-cosine rising from the trough to
 * the peak and another falling from the peak to the next trough, so it is smooth where it turns and the two hours
 * need not be 12 hours apart. Repeats every 24 hours.
 *
 * <p>Implementation notes: sampled at whole seconds, a rising half-cosine over {@code n} seconds sums to exactly
 * {@code n/2 - 1/2} of the swing and the falling one over {@code m} seconds to {@code m/2 + 1/2}
 * ({@code sum cos(pi i/n)} over {@code i = 0..n-1} is 1), so one whole day sums to
 * {@code 86,400 × (low + high) / 2}: the day's mean is the midpoint, which {@code growth} relies on.
 */
final class Diurnal {

    static final int DAY = 86_400;

    private final double low;
    private final double high;
    private final int troughAt;
    private final int rise;

    /**
     * @param peakAt   second of the day of the high
     * @param troughAt second of the day of the low, not {@code peakAt}
     */
    Diurnal(double low, double high, int peakAt, int troughAt) {
        this.low = low;
        this.high = high;
        this.troughAt = troughAt;
        this.rise = Math.floorMod(peakAt - troughAt, DAY);
    }

    /** The curve at second {@code second} from midnight of the first day. */
    double at(int second) {
        int sinceTrough = Math.floorMod(second - troughAt, DAY);
        if (sinceTrough <= rise) {
            return low + (high - low) * raised((double) sinceTrough / rise);
        }
        return high - (high - low) * raised((double) (sinceTrough - rise) / (DAY - rise));
    }

    /** 0 at 0, 1 at 1, a half-cosine between. */
    private static double raised(double x) {
        return (1 - Math.cos(Math.PI * x)) / 2;
    }

    /** The peak and trough hours, read and checked for one shape. */
    static Diurnal of(Arguments arguments, double low, double high) {
        int peakAt = arguments.seconds("peak-at", 0);
        int troughAt = arguments.seconds("trough-at", 0);
        if (peakAt >= DAY) {
            throw arguments.refused("peak-at", Trace.time(peakAt), "0s..23h59m59s, a time of day");
        }
        if (troughAt >= DAY || troughAt == peakAt) {
            throw arguments.refused("trough-at", Trace.time(troughAt), "0s..23h59m59s, a time of day other than "
                + "peak-at");
        }
        return new Diurnal(low, high, peakAt, troughAt);
    }
}
