package dev.horizon.sim.trace;

import java.util.List;
import java.util.Random;

/**
 * {@code daily}: a {@link Diurnal} day from {@code base} at the trough to {@code peak} at the peak, repeated for the
 * duration, with optional multiplicative noise.
 *
 * <p>Implementation notes: the noise multiplies each second by {@code max(0, 1 + noise × g)} with {@code g} a
 * standard normal draw from {@link Random} seeded with {@code seed}; {@code Random}'s algorithm (a 48-bit LCG, the
 * polar method for Gaussians) is specified in its Javadoc, so a seed gives the same trace on every JDK.
 */
final class DailyShape {

    private static final List<Parameter> PARAMETERS = List.of(
        new Parameter("base", "100", "rps at the trough, 0 or more"),
        new Parameter("peak", "1000", "rps at the peak, base or more"),
        new Parameter("peak-at", "14h", "time of day of the peak, 0s..23h59m59s"),
        new Parameter("trough-at", "4h", "time of day of the trough, not peak-at"),
        new Parameter("noise", "0", "relative standard deviation of each second's rate, 0..1 (0: none)"),
        new Parameter("seed", "1", "seed of the noise"),
        new Parameter("duration", "24h", "length of the trace, 1s..744h"));

    /** The shape. */
    static final TraceShape SHAPE = new Shape("daily",
        "a diurnal curve: base at the trough, peak at the peak, smooth half-cosines between, every 24 hours",
        PARAMETERS, DailyShape::generate);

    private DailyShape() {
    }

    private static Trace generate(Arguments arguments) {
        double base = arguments.number("base", 0, Double.MAX_VALUE);
        double peak = arguments.number("peak", base, Double.MAX_VALUE);
        Diurnal day = Diurnal.of(arguments, base, peak);
        double noise = arguments.number("noise", 0, 1);
        Random random = new Random(arguments.seed("seed"));
        double[] rps = new double[arguments.seconds("duration", 1)];
        for (int s = 0; s < rps.length; s++) {
            rps[s] = noise == 0 ? day.at(s) : day.at(s) * Math.max(0, 1 + noise * random.nextGaussian());
        }
        return Trace.wrap(rps);
    }
}
