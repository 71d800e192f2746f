package dev.horizon.sim.trace;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A built-in shape: its name, description and parameters, and the function from typed arguments to the trace. */
record Shape(String name, String description, List<Parameter> parameters, Function<Arguments, Trace> generator)
    implements TraceShape {

    @Override
    public Trace generate(Map<String, String> values) {
        return generator.apply(Arguments.of(name, parameters, values));
    }
}
