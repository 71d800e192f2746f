package dev.horizon.sim.trace;

import dev.horizon.duration.DurationText;
import dev.horizon.spelling.Spelling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The values of one shape's parameters, typed on reading: each getter parses the text given in the spec, or the
 * default, and refuses it with {@code SHAPE: NAME: VALUE (expected: …)}.
 */
final class Arguments {

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private final String shape;
    private final Map<String, String> values;

    private Arguments(String shape, Map<String, String> values) {
        this.shape = shape;
        this.values = values;
    }

    /**
     * The arguments of {@code values} for a shape with these parameters, the defaults filled in.
     *
     * @throws IllegalArgumentException for a name that is not a parameter, listing them with a "did you mean"
     */
    static Arguments of(String shape, List<Parameter> parameters, Map<String, String> values) {
        List<String> names = parameters.stream().map(Parameter::name).toList();
        for (String name : values.keySet()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(shape + ": unknown parameter '" + name + "' (expected: "
                    + String.join(" | ", names) + ")" + Spelling.hint(name, names));
            }
        }
        Map<String, String> all = parameters.stream().collect(Collectors.toMap(Parameter::name,
            p -> values.getOrDefault(p.name(), p.defaultValue())));
        return new Arguments(shape, all);
    }

    /** A decimal number from {@code min} to {@code max}, such as a rate or a ratio. */
    double number(String name, double min, double max) {
        String text = text(name);
        if (!NUMBER.matcher(text).matches()) {
            throw refused(name, "a number like 100 or 0.5");
        }
        double value = Double.parseDouble(text);
        if (value < min || value > max) {
            throw refused(name, max == Double.MAX_VALUE ? plain(min) + " or more" : plain(min) + ".." + plain(max));
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}. */
    int count(String name, int min, int max) {
        String text = text(name);
        if (!INTEGER.matcher(text).matches() || Long.parseLong(text) < min || Long.parseLong(text) > max) {
            throw refused(name, min + ".." + max);
        }
        return Integer.parseInt(text);
    }

    /** Any whole number, for a seed. */
    long seed(String name) {
        String text = text(name);
        if (!INTEGER.matcher(text).matches()) {
            throw refused(name, "a whole number");
        }
        return Long.parseLong(text);
    }

    /** A duration in {@link DurationText} form, whole seconds from {@code minSeconds} to {@link Trace#MAX_SECONDS}. */
    int seconds(String name, int minSeconds) {
        String text = text(name);
        Duration duration;
        try {
            duration = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(shape + ": " + name + ": " + text + " " + e.getMessage(), e);
        }
        if (duration.getNano() != 0) {
            throw refused(name, "whole seconds");
        }
        if (duration.getSeconds() < minSeconds || duration.getSeconds() > Trace.MAX_SECONDS) {
            throw refused(name, Trace.time(minSeconds) + ".." + Trace.time(Trace.MAX_SECONDS));
        }
        return (int) duration.getSeconds();
    }

    /** A refusal of a combination: {@code SHAPE: WHAT (expected: EXPECTED)}. */
    IllegalArgumentException refused(String what, String value, String expected) {
        return new IllegalArgumentException(shape + ": " + what + ": " + value + " (expected: " + expected + ")");
    }

    private IllegalArgumentException refused(String name, String expected) {
        return refused(name, text(name), expected);
    }

    private String text(String name) {
        String text = values.get(name);
        if (text == null) {
            throw new IllegalStateException(shape + " reads '" + name + "', which is not one of its parameters");
        }
        return text;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
