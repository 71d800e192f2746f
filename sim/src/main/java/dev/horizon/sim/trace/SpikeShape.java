package dev.horizon.sim.trace;

import java.util.List;

/** {@code spike}: a baseline and a short burst of {@code height} more rps on top of it, from {@code start}. */
final class SpikeShape {

    private static final List<Parameter> PARAMETERS = List.of(
        new Parameter("base", "100", "rps outside the spike, 0 or more"),
        new Parameter("height", "900", "rps added to base during the spike, 0 or more"),
        new Parameter("start", "5m", "when the spike begins, from the start of the trace"),
        new Parameter("length", "1m", "how long the spike lasts, 1s or more; it ends by the end of the trace"),
        new Parameter("duration", "15m", "length of the trace, 1s..744h"));

    /** The shape. */
    static final TraceShape SHAPE = new Shape("spike",
        "a baseline with a burst of height more rps for a short length",
        PARAMETERS, SpikeShape::generate);

    private SpikeShape() {
    }

    private static Trace generate(Arguments arguments) {
        double base = arguments.number("base", 0, Double.MAX_VALUE);
        return Step.of(arguments, base, base + arguments.number("height", 0, Double.MAX_VALUE));
    }
}
