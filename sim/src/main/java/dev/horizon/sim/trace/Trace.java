package dev.horizon.sim.trace;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;

/**
 * Traffic over time: the requests that arrive in each second from the start, second 0 first. Immutable; one double
 * per second (a day is 86,400 of them, 675 KiB), at most {@link #MAX_SECONDS}.
 *
 * <p>Entry {@code s} is both a rate (requests per second during second {@code s}) and a count (requests in that
 * second), so the total is the plain sum. Rates are finite and never negative; they need not be whole numbers (a
 * simulator draws the arrivals of a second from the rate).
 */
public final class Trace {

    /** The longest trace: 31 days (744h), 21 MiB of doubles. */
    public static final int MAX_SECONDS = 31 * 86_400;

    private final double[] rps;
    private final double total;
    private final int peakSecond;

    private Trace(double[] rps) {
        this.rps = rps;
        double sum = 0;
        int peak = 0;
        for (int s = 0; s < rps.length; s++) {
            sum += rps[s];
            if (rps[s] > rps[peak]) {
                peak = s;
            }
        }
        this.total = sum;
        this.peakSecond = peak;
    }

    /**
     * A trace of {@code rpsPerSecond}, copied.
     *
     * @throws IllegalArgumentException when it is empty, longer than {@link #MAX_SECONDS}, or has a negative or
     *                                  non-finite rate
     */
    public static Trace of(double... rpsPerSecond) {
        return wrap(rpsPerSecond.clone());
    }

    /** A trace over {@code rps}, not copied: the caller hands the array over. */
    static Trace wrap(double[] rps) {
        if (rps.length == 0 || rps.length > MAX_SECONDS) {
            throw new IllegalArgumentException("trace: " + rps.length + " seconds (expected: 1.." + MAX_SECONDS + ")");
        }
        for (int s = 0; s < rps.length; s++) {
            if (!(rps[s] >= 0) || Double.isInfinite(rps[s])) {
                throw new IllegalArgumentException("trace: rps " + rps[s] + " at second " + s
                    + " (expected: a finite number, 0 or more)");
            }
        }
        return new Trace(rps);
    }

    /** How long the trace lasts, in whole seconds (its number of entries). */
    public int seconds() {
        return rps.length;
    }

    /** The rate during second {@code second}, {@code 0 <= second < seconds()}. */
    public double rps(int second) {
        return rps[second];
    }

    /** The requests of the whole trace: the sum of the rates of its seconds. */
    public double totalRequests() {
        return total;
    }

    /** The highest rate of any second. */
    public double peakRps() {
        return rps[peakSecond];
    }

    /** The first second at the {@linkplain #peakRps() peak}. */
    public int peakSecond() {
        return peakSecond;
    }

    /** The rates, one per second, copied. */
    public double[] toArray() {
        return rps.clone();
    }

    /**
     * One line for people: {@code 3h, 18,900,000 requests, peak 10,000 rps at 1h} (duration and times by
     * {@link #time}, counts with thousands separators, rates below 100 with up to two decimals).
     */
    public String summary() {
        return time(seconds()) + ", " + String.format(Locale.ROOT, "%,.0f", total) + " requests, peak "
            + rate(peakRps()) + " rps at " + time(peakSecond);
    }

    /** {@code seconds} in hours, minutes and seconds without the zero parts: {@code 1h30m}, {@code 45s}, {@code 0s}. */
    public static String time(int seconds) {
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        int[] parts = {seconds / 3600, seconds / 60 % 60, seconds % 60};
        String[] units = {"h", "m", "s"};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != 0) {
                text.append(parts[i]).append(units[i]);
            }
        }
        return text.toString();
    }

    private static String rate(double rps) {
        return rps >= 100 ? String.format(Locale.ROOT, "%,.0f", rps)
            : new BigDecimal(rps).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** Equal when the rates of every second are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Trace that && Arrays.equals(rps, that.rps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rps);
    }

    @Override
    public String toString() {
        return "Trace[" + summary() + "]";
    }
}
