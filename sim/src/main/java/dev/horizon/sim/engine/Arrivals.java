package dev.horizon.sim.engine;

import dev.horizon.sim.trace.Trace;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How requests arrive within each second of a trace ({@link Scenario.Builder#arrivals}).
 *
 * <p>Implementation notes. {@link #POISSON} reads a second's figure as a rate: arrivals are a Poisson process at that
 * rate (exponential gaps, drawn by inversion), so a second of 280 req/s brings 280 ± 17 requests — right for a shape
 * or a forecast, where the figure is an expectation. {@link #REPLAY} reads it as a count: a recorded trace
 * ({@code horizon trace export}, {@code horizon demo}'s {@code trace.csv}) says how many requests did arrive, and
 * drawing them again adds noise the recording does not have — over the gateway's ten-second window the Poisson draws
 * move a service's rps reading by about ±2 % at 280 req/s, enough to cross the autoscaler's 10 % tolerance a second
 * earlier or later, or not at all. A replayed second brings exactly its count (a fractional figure {@code r} brings
 * {@code ⌊r⌋} or {@code ⌊r⌋ + 1} with the fraction as the chance), at times drawn uniformly within the second and
 * sorted: what a Poisson process looks like given its count (the order statistics of uniforms).
 */
public enum Arrivals {
    /** A Poisson process at each second's rate; the default. */
    POISSON,
    /** Each second's count exactly, at uniform times within it. */
    REPLAY;

    /** The most requests one replayed second may bring: their times are drawn and sorted in memory, 8 bytes each. */
    static final int MAX_REPLAYED = 10_000_000;

    /**
     * Checks that these arrivals can bring {@code trace}.
     *
     * @throws IllegalArgumentException when a replayed second would bring more than {@link #MAX_REPLAYED} requests
     */
    void check(Trace trace) {
        if (this == REPLAY && trace.peakRps() > MAX_REPLAYED) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "replayed arrivals: the trace's busiest "
                + "second (at %s) brings %,.0f requests (expected: at most %,d; Poisson arrivals draw any rate)",
                Trace.time(trace.peakSecond()), trace.peakRps(), MAX_REPLAYED));
        }
    }

    /** The name as the CLI spells it: {@code poisson} or {@code replay}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The arrivals named {@code text} ({@code poisson} or {@code replay}).
     *
     * @throws IllegalArgumentException naming both
     */
    public static Arrivals parse(String text) {
        for (Arrivals a : values()) {
            if (a.label().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException(text + " (expected: poisson or replay)");
    }

    /** The source of arrival times over {@code trace}, drawing from {@code random}. */
    Source over(Trace trace, RandomGenerator random) {
        return this == POISSON ? new Poisson(trace, random) : new Replay(trace, random);
    }

    /** Arrival times, one after the other. */
    interface Source {
        /** The next arrival after {@code from}, the previous one (or 0); infinite past the trace's end. */
        double next(double from);
    }

    /** A Poisson process at each second's rate. */
    private record Poisson(Trace trace, RandomGenerator random) implements Source {
        @Override
        public double next(double from) {
            double t = from;
            int seconds = trace.seconds();
            while (true) {
                int s = (int) t;
                if (s >= seconds) {
                    return Double.POSITIVE_INFINITY;
                }
                double rate = trace.rps(s);
                double end = s + 1;
                if (rate > 0) {
                    double next = t + Engine.exponential(random) / rate;
                    if (next < end) {
                        return next;
                    }
                }
                t = end;
            }
        }
    }

    /** Each second's count at sorted uniform times; the times of one second are drawn when it is first reached. */
    private static final class Replay implements Source {
        private final Trace trace;
        private final RandomGenerator random;
        private double[] times = new double[0];
        private int count;
        private int next;
        private int second = -1;

        Replay(Trace trace, RandomGenerator random) {
            this.trace = trace;
            this.random = random;
        }

        @Override
        public double next(double from) {
            // the caller asks for each arrival after the one before, so the next in line is the one after from
            while (next >= count) {
                if (second + 1 >= trace.seconds()) {
                    return Double.POSITIVE_INFINITY;
                }
                draw(second + 1);
            }
            return times[next++];
        }

        private void draw(int s) {
            second = s;
            next = 0;
            double rps = trace.rps(s);
            long whole = (long) Math.floor(rps);
            count = Math.toIntExact(whole + (random.nextDouble() < rps - whole ? 1 : 0));
            if (times.length < count) {
                times = new double[Math.max(count, 2 * times.length)];
            }
            for (int i = 0; i < count; i++) {
                // s + u can round up to s + 1 late in a long trace: keep it in its second
                times[i] = Math.min(s + random.nextDouble(), Math.nextDown(s + 1.0));
            }
            Arrays.sort(times, 0, count);
        }
    }
}
