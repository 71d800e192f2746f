package dev.horizon.data;

/**
 * Writes the Prometheus text exposition format (version 0.0.4) for the data tier's metrics, which an application
 * appends to its own {@code /metrics}: {@code # HELP} and {@code # TYPE} once per family, then its samples with
 * escaped label values. The names the data tier publishes are listed in {@code docs/data.md}; the {@code horizon}
 * control plane reads them from every instance for the dashboard.
 *
 * <p>Not thread-safe: one per exposition.
 */
public final class MetricLines {

    private final StringBuilder text = new StringBuilder(512);

    /** Starts a family: its help line and its type ({@code gauge} or {@code counter}). */
    public MetricLines family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
            .append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * Adds a sample.
     *
     * @param labels label names and values, alternating: {@code "replica", "replica-1", "state", "up"}
     */
    public MetricLines sample(String name, double value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs: " + labels.length + " strings");
        }
        text.append(name);
        for (int i = 0; i < labels.length; i += 2) {
            text.append(i == 0 ? '{' : ',').append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        if (labels.length > 0) {
            text.append('}');
        }
        text.append(' ');
        if (Double.isNaN(value)) {
            text.append("NaN");
        } else if (Double.isInfinite(value)) {
            text.append(value > 0 ? "+Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            text.append((long) value);
        } else {
            text.append(value);
        }
        text.append('\n');
        return this;
    }

    /** The text so far. */
    @Override
    public String toString() {
        return text.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
