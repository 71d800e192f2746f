package dev.horizon.charts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Timelines as CSV: a header naming the columns, then one row of numbers per second, as the simulator and the demo
 * recording write them ({@link Timeline#HEADER}).
 *
 * <p>The header is the first line that is not blank and does not start with {@code #} (those lines are skipped
 * everywhere). It must name {@code time}; any other column may be missing (an older file) or unknown to this
 * version (kept, and not drawn). Each row has one cell per column; a cell is a decimal number ({@code 12},
 * {@code 0.25}, {@code -1}, {@code 1e3}) or empty for unknown ({@link Double#NaN}); spaces around a cell are
 * ignored. Times are finite and increase. An error names the file, the line and the column:
 * {@code run.csv:7:12: p95-ms 'abc' (expected: a number, or an empty cell for unknown)}.
 */
public final class TimelineCsv {

    private static final Pattern NUMBER = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private TimelineCsv() {
    }

    /**
     * The timeline in {@code file}, named for the file without its extension ({@code recorded.csv} is
     * {@code recorded}).
     *
     * @throws IllegalArgumentException {@code FILE:LINE:COLUMN: …} for a bad cell, {@code FILE: no such file} when
     *                                  missing
     * @throws UncheckedIOException     when reading fails otherwise
     */
    public static Timeline read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader).named(runName(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The timeline {@code reader} holds, called {@code name} (in messages, and as the run's label).
     *
     * @throws IllegalArgumentException {@code NAME:LINE:COLUMN: …} for a bad cell, {@code NAME: no header} for an
     *                                  empty text
     */
    public static Timeline read(String name, Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Columns columns = null;
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            String text = lineNumber == 1 ? line.replace("\uFEFF", "") : line;
            if (text.isBlank() || text.strip().charAt(0) == '#') {
                continue;
            }
            if (columns == null) {
                columns = Columns.header(name + ":" + lineNumber, text);
            } else {
                columns.add(name + ":" + lineNumber, text);
            }
        }
        if (columns == null) {
            throw new IllegalArgumentException(name + ": no header (expected: " + Timeline.HEADER + ")");
        }
        return Timeline.wrap(name, columns.toMap());
    }

    private static String runName(Path file) {
        Path fileName = file.getFileName();
        String base = fileName == null ? file.toString() : fileName.toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The cells of one line, and the 1-based character column where each starts. */
    private static final class Cells {
        private final List<String> texts;
        private final int[] starts;

        private Cells(List<String> texts, int[] starts) {
            this.texts = texts;
            this.starts = starts;
        }

        List<String> texts() {
            return texts;
        }

        int start(int cell) {
            return starts[cell];
        }

        static Cells split(String line) {
            List<String> texts = new ArrayList<>();
            int[] starts = new int[8];
            int start = 0;
            while (true) {
                int comma = line.indexOf(',', start);
                int end = comma < 0 ? line.length() : comma;
                String cell = line.substring(start, end);
                int leading = cell.length() - cell.stripLeading().length();
                if (texts.size() == starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[texts.size()] = start + leading + 1;
                texts.add(cell.strip());
                if (comma < 0) {
                    return new Cells(texts, starts);
                }
                start = comma + 1;
            }
        }
    }

    /** The columns read so far: their names, in order, and their values, grown as rows come. */
    private static final class Columns {
        private final List<String> names;
        private double[][] values;
        private int rows;
        private double lastTime = Double.NEGATIVE_INFINITY;
        private final int timeIndex;

        private Columns(List<String> names) {
            this.names = names;
            this.values = new double[names.size()][1024];
            this.timeIndex = names.indexOf(Timeline.TIME);
        }

        static Columns header(String where, String line) {
            Cells cells = Cells.split(line);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < cells.texts().size(); i++) {
                String column = cells.texts().get(i);
                String at = where + ":" + cells.start(i) + ": ";
                if (column.isEmpty()) {
                    throw new IllegalArgumentException(at + "empty column name in the header (expected: "
                        + Timeline.HEADER + ")");
                }
                if (!seen.add(column)) {
                    throw new IllegalArgumentException(at + "column '" + column + "' named twice in the header");
                }
            }
            if (!seen.contains(Timeline.TIME)) {
                throw new IllegalArgumentException(where + ": header '" + line.strip() + "' has no '" + Timeline.TIME
                    + "' column (expected: " + Timeline.HEADER + ")");
            }
            return new Columns(cells.texts());
        }

        void add(String where, String line) {
            Cells cells = Cells.split(line);
            if (cells.texts().size() != names.size()) {
                throw new IllegalArgumentException(where + ": " + cells.texts().size() + " cells (expected: "
                    + names.size() + ", one per column of the header)");
            }
            if (rows == values[0].length) {
                for (int c = 0; c < values.length; c++) {
                    values[c] = Arrays.copyOf(values[c], rows * 2);
                }
            }
            for (int c = 0; c < names.size(); c++) {
                values[c][rows] = number(where + ":" + cells.start(c), names.get(c), cells.texts().get(c));
            }
            double time = values[timeIndex][rows];
            if (Double.isNaN(time) || time <= lastTime) {
                throw new IllegalArgumentException(where + ":" + cells.start(timeIndex) + ": time '"
                    + cells.texts().get(timeIndex) + "' (expected: seconds from the start, after the row before)");
            }
            lastTime = time;
            rows++;
        }

        private static double number(String where, String column, String text) {
            if (text.isEmpty()) {
                return Double.NaN;
            }
            double value = NUMBER.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(where + ": " + column + " '" + text
                    + "' (expected: a number, or an empty cell for unknown)");
            }
            return value;
        }

        Map<String, double[]> toMap() {
            Map<String, double[]> map = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                map.put(names.get(c), Arrays.copyOf(values[c], rows));
            }
            return map;
        }
    }
}
