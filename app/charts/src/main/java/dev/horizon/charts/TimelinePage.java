package dev.horizon.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A run as one self-contained HTML page: its title, a table (the demo's phases) and notes, then each timeline's
 * panels drawn in the browser by uPlot, with uPlot, {@code timeline.js} and the numbers inlined, so the file opens
 * offline and can be mailed as it is ({@code report.html} of {@code horizon demo}).
 */
public final class TimelinePage {

    private TimelinePage() {
    }

    /**
     * A table above the charts.
     *
     * @param header the column names
     * @param rows   the rows, each as long as the header
     */
    public record Table(List<String> header, List<List<String>> rows) {

        /** Copies the lists; every row has one cell per column. */
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException("row " + r + ": " + r.size() + " cells (expected: "
                        + header.size() + ")");
                }
            }
        }
    }

    /** The page of {@code runs} under {@code title}, with {@code table} and {@code notes} (lines of text) above. */
    public static String html(String title, Table table, List<String> notes, List<Timeline> runs) {
        StringBuilder b = new StringBuilder(96 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .append(escape(title)).append("</title>\n<style>\n").append(WebCharts.uplotCss())
            .append("\nbody{font-family:system-ui,sans-serif;margin:1rem;color:#222}")
            .append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;")
            .append("text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}")
            .append(".timeline-panel{margin:.5rem 0}pre{white-space:pre-wrap}\n</style>\n</head>\n<body>\n<h1>")
            .append(escape(title)).append("</h1>\n<table>\n<tr>");
        table.header().forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
        b.append("</tr>\n");
        for (List<String> row : table.rows()) {
            b.append("<tr>");
            row.forEach(c -> b.append("<td>").append(escape(c)).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n<pre>");
        notes.forEach(n -> b.append(escape(n)).append('\n'));
        b.append("</pre>\n<div id=\"runs\"></div>\n<script>\n").append(script(WebCharts.uplotJs()))
            .append("\n</script>\n<script>\n").append(script(WebCharts.timelineJs())).append("\n</script>\n<script>\n")
            .append("const runs = ").append(script(json(runs))).append(";\n")
            .append("for (const run of runs) {\n  const box = document.createElement(\"section\");\n")
            .append("  document.getElementById(\"runs\").appendChild(box);\n  HorizonTimeline.draw(box, run);\n}\n")
            .append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Writes {@link #html} to {@code file}. */
    public static void write(Path file, String title, Table table, List<String> notes, List<Timeline> runs)
            throws IOException {
        Files.writeString(file, html(title, table, notes, runs), StandardCharsets.UTF_8);
    }

    /** The runs as {@code [{"name": …, "columns": {"time": [0, 1, …], …}}]}, an unknown value as null. */
    static String json(List<Timeline> runs) {
        StringBuilder b = new StringBuilder("[");
        for (int r = 0; r < runs.size(); r++) {
            Timeline t = runs.get(r);
            b.append(r == 0 ? "" : ",").append("{\"name\":").append(string(t.name())).append(",\"columns\":{");
            List<String> columns = t.columns();
            for (int c = 0; c < columns.size(); c++) {
                b.append(c == 0 ? "" : ",").append(string(columns.get(c))).append(":[");
                double[] v = t.column(columns.get(c));
                for (int i = 0; i < v.length; i++) {
                    b.append(i == 0 ? "" : ",").append(number(v[i]));
                }
                b.append(']');
            }
            b.append("}}");
        }
        return b.append(']').toString();
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
            : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Text inside a script element: an end tag's {@code <}{@code /} in it would end the element early. */
    private static String script(String text) {
        return text.replace("</", "<\\/");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
