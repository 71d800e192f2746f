package dev.horizon.sim.trace;

import dev.horizon.spelling.Spelling;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where traces come from: a CSV file or a built-in shape, named by one string as {@code horizon sim --trace} and
 * {@code horizon trace generate} take it.
 *
 * <p>A spec is {@code SHAPE} or {@code SHAPE:NAME=VALUE,NAME=VALUE…}, for example
 * {@code flash-sale:base=100,multiplier=100,start=1h,length=30m,duration=3h}; parameters left out take their
 * defaults. A string whose part before the first {@code :} is a bare word of letters, digits and dashes is a spec;
 * anything else (with a {@code /} or a {@code .}, such as {@code traffic.csv} or {@code ./traffic}) is a file path.
 */
public final class Traces {

    private static final List<TraceShape> SHAPES = List.of(DailyShape.SHAPE, FlashSaleShape.SHAPE, GrowthShape.SHAPE,
        SpikeShape.SHAPE);
    private static final Pattern SHAPE_NAME = Pattern.compile("[A-Za-z0-9-]+");

    private Traces() {
    }

    /** The built-in shapes: {@code daily}, {@code flash-sale}, {@code growth}, {@code spike}. */
    public static List<TraceShape> shapes() {
        return SHAPES;
    }

    /**
     * The trace {@code specOrPath} names: generated when it is a spec, else read by {@link TraceCsv#read(Path)}.
     *
     * @throws IllegalArgumentException with a precise message for a bad spec or a bad file
     */
    public static Trace load(String specOrPath) {
        return isSpec(specOrPath) ? generate(specOrPath) : TraceCsv.read(Path.of(specOrPath));
    }

    /** Whether {@link #load} takes {@code specOrPath} for a spec rather than a file path. */
    public static boolean isSpec(String specOrPath) {
        int colon = specOrPath.indexOf(':');
        return SHAPE_NAME.matcher(colon < 0 ? specOrPath : specOrPath.substring(0, colon)).matches();
    }

    /**
     * The trace of the shape spec {@code spec}.
     *
     * @throws IllegalArgumentException for an unknown shape (with the list of shapes and a "did you mean"), a
     *                                  parameter not written {@code name=value} or given twice, and whatever the
     *                                  shape refuses
     */
    public static Trace generate(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        TraceShape shape = shape(name);
        Map<String, String> values = new LinkedHashMap<>();
        if (colon >= 0 && colon < spec.length() - 1) {
            for (String pair : spec.substring(colon + 1).split(",", -1)) {
                int equals = pair.indexOf('=');
                if (equals <= 0 || equals == pair.length() - 1) {
                    throw new IllegalArgumentException(name + ": '" + pair + "' (expected: name=value)");
                }
                String key = pair.substring(0, equals).strip();
                if (values.put(key, pair.substring(equals + 1).strip()) != null) {
                    throw new IllegalArgumentException(name + ": " + key + " given twice");
                }
            }
        }
        return shape.generate(values);
    }

    /**
     * The shape called {@code name}.
     *
     * @throws IllegalArgumentException listing the shapes, with a "did you mean"
     */
    public static TraceShape shape(String name) {
        List<String> names = SHAPES.stream().map(TraceShape::name).toList();
        return SHAPES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
            new IllegalArgumentException("unknown trace shape '" + name + "' (expected: " + String.join(" | ", names)
                + ", or a CSV file path with a / or a .)" + Spelling.hint(name, names)));
    }
}
