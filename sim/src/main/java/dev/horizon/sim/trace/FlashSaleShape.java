package dev.horizon.sim.trace;

import java.util.List;

/**
 * {@code flash-sale}: the seeds' "100 rps normally, 10,000 rps for a 30-minute flash sale" — a baseline, and
 * {@code multiplier} times it from {@code start} for {@code length}. The step is instant on purpose: a sale opens at
 * a posted time, and the autoscaler's reaction to a wall of traffic is what a plan should show.
 */
final class FlashSaleShape {

    private static final List<Parameter> PARAMETERS = List.of(
        new Parameter("base", "100", "rps outside the sale, 0 or more"),
        new Parameter("multiplier", "100", "rps during the sale over base, 1 or more"),
        new Parameter("start", "1h", "when the sale opens, from the start of the trace"),
        new Parameter("length", "30m", "how long the sale lasts, 1s or more; it ends by the end of the trace"),
        new Parameter("duration", "3h", "length of the trace, 1s..744h"));

    /** The shape. */
    static final TraceShape SHAPE = new Shape("flash-sale",
        "a baseline, and multiplier times it for the length of a sale",
        PARAMETERS, FlashSaleShape::generate);

    private FlashSaleShape() {
    }

    private static Trace generate(Arguments arguments) {
        double base = arguments.number("base", 0, Double.MAX_VALUE);
        return Step.of(arguments, base, base * arguments.number("multiplier", 1, Double.MAX_VALUE));
    }
}
