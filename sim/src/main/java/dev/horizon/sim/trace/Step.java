package dev.horizon.sim.trace;

import java.util.Arrays;

/** A baseline with one step up for a while: what {@code flash-sale} and {@code spike} are made of. */
final class Step {

    private Step() {
    }

    /**
     * {@code base} rps for {@code duration} seconds except {@code high} rps in seconds {@code start} to
     * {@code start + length - 1}; the step must end by the end of the trace.
     */
    static Trace of(Arguments arguments, double base, double high) {
        int duration = arguments.seconds("duration", 1);
        int start = arguments.seconds("start", 0);
        int length = arguments.seconds("length", 1);
        if ((long) start + length > duration) {
            throw arguments.refused("start + length", Trace.time(start + length),
                "at most the duration, " + Trace.time(duration));
        }
        double[] rps = new double[duration];
        Arrays.fill(rps, base);
        Arrays.fill(rps, start, start + length, high);
        return Trace.wrap(rps);
    }
}
