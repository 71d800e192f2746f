package dev.horizon.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Prometheus text exposition format (version 0.0.4): one metric summed over its series, or every series
 * whose name starts with a prefix, labels parsed. Comments are skipped; a line that does not parse is skipped by
 * {@link #samples} and makes {@link #value} empty for its metric.
 */
final class PrometheusText {

    /**
     * One series' value.
     *
     * @param name   the metric's name
     * @param labels its labels in the order written, values unescaped
     * @param value  the sample's value (may be NaN or infinite, as the format allows)
     */
    record Sample(String name, Map<String, String> labels, double value) {

        /** The label's value, or empty when it has none. */
        String label(String label) {
            return labels.getOrDefault(label, "");
        }
    }

    private PrometheusText() {
    }

    /**
     * The value of {@code metric} in {@code text}: the sum of every series of that name (with any labels), or empty
     * when there is none or a value is not a finite number.
     */
    static OptionalDouble value(String text, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.startsWith(metric) || l.length() == metric.length()
                || l.charAt(metric.length()) != '{' && !Character.isWhitespace(l.charAt(metric.length()))) {
                continue; // another metric, or one whose name starts with this one
            }
            Sample s = parse(l);
            if (s == null || !Double.isFinite(s.value())) {
                return OptionalDouble.empty();
            }
            sum += s.value();
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** Every series in {@code text} whose name starts with {@code prefix}, in order; malformed lines are skipped. */
    static List<Sample> samples(String text, String prefix) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith(prefix)) {
                Sample s = parse(l);
                if (s != null) {
                    samples.add(s);
                }
            }
        }
        return samples;
    }

    /** A sample line ({@code name{a="b"} value [timestamp]}), or null when it is malformed. */
    private static @Nullable Sample parse(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
            if (i < 0) {
                return null;
            }
        }
        String[] fields = line.substring(i).strip().split("\\s+");
        try {
            return name.isEmpty() ? null
                : new Sample(name, Collections.unmodifiableMap(labels), Double.parseDouble(fields[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Reads {@code a="b",c="d"}} from {@code at} into {@code labels}; the index after the brace, or -1. Lenient as
     * exporters are: blanks around {@code =} and an unquoted value (up to the next comma or brace) are accepted.
     */
    private static int labels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                return -1;
            }
            int v = eq + 1;
            while (v < line.length() && Character.isWhitespace(line.charAt(v))) {
                v++;
            }
            StringBuilder value = new StringBuilder();
            int end = v < line.length() && line.charAt(v) == '"' ? quoted(line, v + 1, value) : bare(line, v, value);
            if (end < 0) {
                return -1;
            }
            labels.put(line.substring(i, eq).strip(), value.toString());
            i = end;
        }
        return -1;
    }

    /** Reads a quoted value's characters from {@code at} (after the quote), unescaped; the index after the quote. */
    private static int quoted(String line, int at, StringBuilder value) {
        for (int j = at; j < line.length(); j++) {
            char v = line.charAt(j);
            if (v == '"') {
                return j + 1;
            }
            if (v == '\\' && j + 1 < line.length()) {
                char e = line.charAt(++j);
                value.append(e == 'n' ? '\n' : e);
            } else {
                value.append(v);
            }
        }
        return -1;
    }

    /** Reads an unquoted value from {@code at} up to a comma or the closing brace; the index of that character. */
    private static int bare(String line, int at, StringBuilder value) {
        int j = at;
        while (j < line.length() && line.charAt(j) != ',' && line.charAt(j) != '}') {
            j++;
        }
        value.append(line, at, j);
        return j < line.length() ? j : -1;
    }
}
