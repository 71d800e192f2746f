package dev.horizon.control;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.format.DateTimeFormatter;

/**
 * A writer that starts every line with the time it was begun, as {@code horizon up} writes its console and
 * {@code horizon demo} its {@code horizon.log}: {@code 2026-12-02T01:02:03.456+01:00 horizon: reloaded horizon.yaml}.
 *
 * <p>The timestamp is ISO-8601 local time with milliseconds and the UTC offset ({@code Z} in UTC), the same as the
 * libraries' lines that SLF4J's simple provider prints ({@code simplelogger.properties} uses {@link #PATTERN}), so
 * one {@code sort} orders a merged log. A line is stamped when its first character is written, so lines written by
 * several threads through one {@link PrintWriter} (which locks this writer for each {@code println}) stay whole.
 */
public final class TimestampedLines extends Writer {

    /** The timestamp's pattern, in {@link DateTimeFormatter} and {@link java.text.SimpleDateFormat} alike. */
    public static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private final Writer out;
    private final Clock clock;
    private final DateTimeFormatter format;
    private boolean lineStart = true;

    private TimestampedLines(Writer out, Clock clock) {
        super(out);
        this.out = out;
        this.clock = clock;
        this.format = DateTimeFormatter.ofPattern(PATTERN).withZone(clock.getZone());
    }

    /** A print writer onto {@code out}, flushed at every line, stamping lines with the system clock's local time. */
    public static PrintWriter of(Writer out) {
        return of(out, Clock.systemDefaultZone());
    }

    /** A print writer onto {@code out}, flushed at every line, stamping lines with {@code clock}'s time and zone. */
    public static PrintWriter of(Writer out, Clock clock) {
        return new PrintWriter(new TimestampedLines(out, clock), true);
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        synchronized (lock) {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (lineStart) {
                    out.write(buffer, start, i - start);
                    start = i;
                    out.write(format.format(clock.instant()));
                    out.write(' ');
                    lineStart = false;
                }
                if (buffer[i] == '\n') {
                    lineStart = true;
                }
            }
            out.write(buffer, start, end - start);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
