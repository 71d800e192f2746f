package dev.horizon.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Traces as CSV, one {@code time,rps} row per line.
 *
 * <p>Reading: the time is either whole seconds from the start (the first row at 0) or an ISO-8601 time, with a zone
 * ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00+02:00}) or without (read as UTC), counted in whole
 * seconds (truncated) from the first row; every row uses the first row's kind. Times increase. The rate is a decimal
 * number, 0 or more. A first line that starts with a letter is a header and skipped, as are blank lines and lines
 * that start with {@code #}. Rows may be sparse: <b>a row's rate holds until the next row's time</b> (step-hold, not
 * linear: what a recording of per-second counts means, and a flash sale's wall stays a wall); the last row holds for
 * one second, so a file of one row per second reads back as exactly those seconds.
 *
 * <p>Writing: a {@code seconds,rps} header and one row per second, each rate in the shortest decimal that reads back
 * as the same double, so {@code read(write(t)) equals t}.
 */
public final class TraceCsv {

    /** The header {@link #write} writes. */
    public static final String HEADER = "seconds,rps";

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");
    private static final Pattern RATE = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final String ISO_EXAMPLE = "an ISO-8601 time like 2024-05-01T12:00:00Z";

    private TraceCsv() {
    }

    /**
     * The trace in {@code file}.
     *
     * @throws IllegalArgumentException {@code FILE:LINE: …} for a bad row, {@code FILE: no such file} when missing
     * @throws UncheckedIOException     when reading fails otherwise
     */
    public static Trace read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The trace {@code reader} holds, {@code name} in messages.
     *
     * @throws IllegalArgumentException {@code NAME:LINE: …} for a bad row, {@code NAME: no rows} for none
     */
    public static Trace read(String name, Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Rows rows = new Rows();
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            String row = (lineNumber == 1 ? line.replace("\uFEFF", "") : line).strip();
            boolean header = lineNumber == 1 && !row.isEmpty() && Character.isLetter(row.charAt(0));
            if (!row.isEmpty() && row.charAt(0) != '#' && !header) {
                rows.add(name + ":" + lineNumber, row);
            }
        }
        if (rows.count == 0) {
            throw new IllegalArgumentException(name + ": no rows (expected: seconds,rps lines)");
        }
        return rows.trace();
    }

    /**
     * Writes {@code trace} to {@code file}, replacing it.
     *
     * @throws IllegalArgumentException {@code FILE: no such directory} when its directory is missing
     * @throws UncheckedIOException     when writing fails otherwise
     */
    public static void write(Trace trace, Path file) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(trace, writer);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such directory", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code trace} to {@code writer}: the header and one {@code second,rps} row per second. */
    public static void write(Trace trace, Writer writer) throws IOException {
        StringBuilder row = new StringBuilder(32);
        writer.write(HEADER + "\n");
        for (int s = 0; s < trace.seconds(); s++) {
            row.setLength(0);
            row.append(s).append(',').append(BigDecimal.valueOf(trace.rps(s)).stripTrailingZeros().toPlainString());
            writer.append(row).append('\n');
        }
        writer.flush();
    }

    /** The rows read so far: times in seconds from the first, and their rates. */
    private static final class Rows {
        private int[] times = new int[1024];
        private double[] rates = new double[1024];
        private int count;
        private @Nullable Instant first;
        private boolean iso;
        private String previousWhere = "";

        void add(String where, String row) {
            int comma = row.indexOf(',');
            if (comma < 0 || row.indexOf(',', comma + 1) >= 0) {
                throw new IllegalArgumentException(where + ": '" + row + "' (expected: seconds,rps or time,rps)");
            }
            String timeText = row.substring(0, comma).strip();
            String rateText = row.substring(comma + 1).strip();
            if (count == 0) {
                iso = !SECONDS.matcher(timeText).matches();
            }
            int time = time(where, timeText);
            if (count == 0 && time != 0) {
                throw new IllegalArgumentException(where + ": first time " + timeText
                    + " (expected: 0, the start of the trace)");
            }
            if (count > 0 && time <= times[count - 1]) {
                throw new IllegalArgumentException(where + ": time " + timeText + " is not after the time on "
                    + previousWhere + " (expected: increasing times)");
            }
            if (time >= Trace.MAX_SECONDS) {
                throw new IllegalArgumentException(where + ": time " + timeText + " is " + Trace.time(time)
                    + " from the start (expected: less than " + Trace.time(Trace.MAX_SECONDS) + ")");
            }
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
                rates = Arrays.copyOf(rates, count * 2);
            }
            times[count] = time;
            rates[count] = rate(where, rateText);
            count++;
            previousWhere = "line " + where.substring(where.lastIndexOf(':') + 1);
        }

        private int time(String where, String text) {
            if (!iso) {
                if (!SECONDS.matcher(text).matches() || Long.parseLong(text) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(where + ": time '" + text
                        + "' (expected: whole seconds from the start, like the first row)");
                }
                return Integer.parseInt(text);
            }
            Instant instant = instant(text);
            if (instant == null) {
                throw new IllegalArgumentException(where + ": time '" + text + "' (expected: " + (count == 0
                    ? "whole seconds from the start, or " + ISO_EXAMPLE : ISO_EXAMPLE + ", like the first row") + ")");
            }
            if (first == null) {
                first = instant;
            }
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                instant.getEpochSecond() - first.getEpochSecond()));
        }

        private static @Nullable Instant instant(String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }

        private static double rate(String where, String text) {
            double rate = RATE.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
            if (Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException(where + ": rps '" + text
                    + "' (expected: a number of requests per second, 0 or more)");
            }
            if (rate < 0) {
                throw new IllegalArgumentException(where + ": rps " + text + " (expected: 0 or more)");
            }
            return rate;
        }

        Trace trace() {
            double[] rps = new double[times[count - 1] + 1];
            for (int i = 0; i < count; i++) {
                int end = i + 1 < count ? times[i + 1] : rps.length;
                Arrays.fill(rps, times[i], end, rates[i]);
            }
            return Trace.wrap(rps);
        }
    }
}
