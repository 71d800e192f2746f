package dev.horizon.sim.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads load-test measurements as CSV: one {@code concurrency,throughput} pair a line, an optional header line
 * {@code concurrency,throughput} first, blank lines and lines starting with {@code #} skipped. Every refusal names
 * the source and the line: {@code m.csv:3: throughput 'fast' is not a number (expected: concurrency,throughput like
 * 4,3548.68)}.
 */
public final class MeasurementsCsv {

    private static final String EXPECTED = "(expected: concurrency,throughput like 4,3548.68)";
    private static final String HEADER = "concurrency,throughput";
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private MeasurementsCsv() {
    }

    /**
     * The measurements of {@code lines}, in order.
     *
     * @param source what the messages call the input, usually the file's path
     * @throws IllegalArgumentException naming {@code source:line} and what was expected
     */
    public static List<Measurement> parse(String source, List<String> lines) {
        List<Measurement> measurements = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean header = first && line.replace(" ", "").toLowerCase(Locale.ROOT).equals(HEADER);
            first = false;
            if (!header) {
                measurements.add(measurement(source + ":" + (i + 1) + ": ", line));
            }
        }
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException(source + ": no measurements " + EXPECTED);
        }
        return measurements;
    }

    private static Measurement measurement(String where, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 2) {
            throw new IllegalArgumentException(where + fields.length + " field" + (fields.length == 1 ? "" : "s")
                + " in '" + line + "' " + EXPECTED);
        }
        double concurrency = number(where, "concurrency", fields[0].strip());
        double throughput = number(where, "throughput", fields[1].strip());
        try {
            return new Measurement(concurrency, throughput);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static double number(String where, String name, String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException(where + name + " '" + text + "' is not a number " + EXPECTED);
        }
        return Double.parseDouble(text);
    }
}
