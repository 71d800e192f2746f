package dev.horizon.charts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jspecify.annotations.Nullable;

/**
 * One picture of one run or several: three panels over a shared time axis — requests per second (arrivals, served,
 * rejected + timed out), instances (in all and by state, with the CPU size of one instance on a second axis) and
 * latency (p95 and p99, with an optional p95 SLO line) — written as SVG or PNG.
 *
 * <p>Several runs overlay in the same panels, a metric keeping its colour and each run its own dash pattern (the
 * first solid, the second dashed, the third dotted), each series labelled with the run's {@link Timeline#name()}:
 * the way to compare a simulated run with a recorded one. A column a run lacks is left out; the time axis is in
 * minutes for runs of up to two hours and in hours beyond. Each series is cut to at most
 * {@link Options#maxPoints()} points keeping every bucket's lowest and highest value, so a day of seconds draws in
 * well under a second and a one-second spike keeps its height.
 *
 * <p>Draws without a display: loading this class sets {@code java.awt.headless=true} unless the property is set.
 */
public final class TimelineChart {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // JFreeChart draws rotated text (the vertical axis labels) as a TextLayout by default, a workaround for
        // JDK 1.4's bug 4312117; an SVG Graphics2D turns that into glyph outlines, so the labels would not be text.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private TimelineChart() {
    }

    /**
     * What a chart looks like beyond its data.
     *
     * @param title     the title above the panels
     * @param width     the image's width in pixels, 200..10000
     * @param height    the image's height in pixels, 200..10000
     * @param sloP95    the p95 latency objective, drawn as a line across the latency panel; null for none
     * @param maxPoints the most points drawn per series, 100 or more (each bucket's min and max)
     */
    public record Options(String title, int width, int height, @Nullable Duration sloP95, int maxPoints) {

        /** "Horizon", 1200 by 900, no SLO line, 2,000 points per series. */
        public static final Options DEFAULT = new Options("Horizon", 1200, 900, null, 2000);

        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException for a size or a point count out of range, or a zero or negative SLO
         */
        public Options {
            if (width < 200 || width > 10_000 || height < 200 || height > 10_000) {
                throw new IllegalArgumentException("chart size: " + width + "x" + height
                    + " (expected: 200..10000 pixels each way)");
            }
            if (maxPoints < 100) {
                throw new IllegalArgumentException("chart points: " + maxPoints + " (expected: 100 or more)");
            }
            if (sloP95 != null && (sloP95.isZero() || sloP95.isNegative())) {
                throw new IllegalArgumentException("p95 SLO: " + sloP95.toMillis() + "ms (expected: more than 0)");
            }
        }

        /** These options with {@code newTitle}. */
        public Options withTitle(String newTitle) {
            return new Options(newTitle, width, height, sloP95, maxPoints);
        }

        /** These options with an image of {@code newWidth} by {@code newHeight} pixels. */
        public Options withSize(int newWidth, int newHeight) {
            return new Options(title, newWidth, newHeight, sloP95, maxPoints);
        }

        /** These options with a p95 SLO line at {@code slo}; null for none. */
        public Options withSloP95(@Nullable Duration slo) {
            return new Options(title, width, height, slo, maxPoints);
        }

        /** These options with at most {@code points} points per series. */
        public Options withMaxPoints(int points) {
            return new Options(title, width, height, sloP95, points);
        }
    }

    /** The image formats, chosen by the output file's extension. */
    enum Format {
        SVG, PNG;

        static Format of(Path out) {
            String name = String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT);
            if (name.endsWith(".svg")) {
                return SVG;
            }
            if (name.endsWith(".png")) {
                return PNG;
            }
            throw new IllegalArgumentException(out + ": unknown image format (expected: a file name ending in .svg or"
                + " .png)");
        }
    }

    /**
     * Draws {@code runs} into {@code out}, replacing it: SVG when its name ends in {@code .svg}, PNG when in
     * {@code .png}. The image is written whole to a temporary file beside {@code out} and then moved over it, so a
     * failure leaves {@code out} as it was.
     *
     * @throws IllegalArgumentException for another extension, no runs, two runs of the same name, or
     *                                  {@code OUT: no such directory}
     * @throws UncheckedIOException     when writing fails otherwise
     */
    public static void write(List<Timeline> runs, Path out, Options options) {
        Format.of(out); // a wrong extension fails before the drawing
        draw(chart(runs, options), out, options);
    }

    /** Draws one run into {@code out}: {@link #write(List, Path, Options)} of {@code List.of(run)}. */
    public static void write(Timeline run, Path out, Options options) {
        write(List.of(run), out, options);
    }

    /** The chart of {@code runs}, for drawing. */
    static JFreeChart chart(List<Timeline> runs, Options options) {
        checkNames("runs", runs.stream().map(Timeline::name).toList());
        return TimelinePanels.chart(runs, options);
    }

    /** Refuses none and two of one name (their series would share labels); {@code what} names them in messages. */
    static void checkNames(String what, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("chart: no " + what + " (expected: one or more)");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("chart: two " + what + " named '" + name
                    + "' (expected: a name each, such as 'simulated' and 'recorded')");
            }
        }
    }

    /**
     * Writes {@code chart} to {@code out} in the format of its extension, replacing it at once: a temporary file
     * {@code .NAME.RANDOM.tmp} in the same directory (the default mode, unlike {@code Files.createTempFile}'s
     * {@code 0600}) moved over {@code out}, and deleted when anything fails.
     */
    static void draw(JFreeChart chart, Path out, Options options) {
        Format format = Format.of(out);
        Path temp = out.resolveSibling("." + out.getFileName() + "."
            + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream stream = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
                write(chart, format, stream, options);
            }
            Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(out + ": no such directory", e);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void write(JFreeChart chart, Format format, OutputStream out, Options options) throws IOException {
        if (format == Format.PNG) {
            ChartUtils.writeChartAsPNG(out, chart, options.width(), options.height());
        } else {
            SvgImage.write(chart, options.width(), options.height(), out);
        }
    }

    /** Deletes {@code temp} if it is still there; a failure to delete must not hide the failure that left it. */
    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // left behind as a hidden .tmp file; the error that matters has been thrown already
        }
    }
}
