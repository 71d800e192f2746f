package dev.horizon.sim.trace;

import java.util.List;
import java.util.Map;

/**
 * A named generator of traces, such as {@code flash-sale}: deterministic for its parameters (a shape with noise
 * takes a {@code seed}). {@link Traces#shapes()} lists them; {@link Traces#generate} parses a spec and calls one.
 */
public interface TraceShape {

    /** The name a spec starts with, such as {@code flash-sale}. */
    String name();

    /** What the shape models, in one sentence. */
    String description();

    /** Every parameter, in the order the documentation lists them. */
    List<Parameter> parameters();

    /**
     * The trace for {@code values}, parameter name to text as written in the spec ({@code "1h"}, {@code "100"}); a
     * parameter that is absent takes its default.
     *
     * @throws IllegalArgumentException naming the shape, the parameter, the value and what was expected, e.g.
     *                                  {@code flash-sale: start: 1x (expected: a duration like 250ms, 2s, 5m, 1h)},
     *                                  or an unknown parameter with the known ones and a "did you mean"
     */
    Trace generate(Map<String, String> values);
}
