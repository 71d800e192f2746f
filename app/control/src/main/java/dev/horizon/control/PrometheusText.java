package dev.horizon.control;

import java.util.OptionalDouble;

/** Reads one metric out of the Prometheus text exposition format. */
final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The value of {@code metric} in {@code text}: the sum of every series of that name (with any labels), or empty
     * when there is none or a value is not a finite number.
     */
    static OptionalDouble value(String text, String metric) {
        double sum = 0;
        boolean found = false;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(metric)) {
                continue;
            }
            int rest = metric.length();
            if (rest < line.length() && line.charAt(rest) == '{') {
                int close = labelsEnd(line, rest);
                if (close < 0) {
                    return OptionalDouble.empty();
                }
                rest = close + 1;
            } else if (rest >= line.length() || !Character.isWhitespace(line.charAt(rest))) {
                continue; // another metric whose name starts with this one
            }
            String[] fields = line.substring(rest).strip().split("\\s+");
            double v;
            try {
                v = Double.parseDouble(fields[0]);
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
            if (!Double.isFinite(v)) {
                return OptionalDouble.empty();
            }
            sum += v;
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The index of the brace closing the label set that opens at {@code open}, or -1; quoted braces do not count. */
    private static int labelsEnd(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
