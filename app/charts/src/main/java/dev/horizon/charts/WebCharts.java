package dev.horizon.charts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The browser's side of the charts: uPlot (the {@code org.webjars.npm:uplot} WebJar, MIT) and {@code timeline.js},
 * which draws a timeline CSV as {@link TimelineChart} does, for the dashboard's results view and the demo's
 * {@code report.html}. Read from the classpath (the {@code horizon} jar), never from a CDN, so both work offline.
 */
public final class WebCharts {

    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";

    private WebCharts() {
    }

    /** The uPlot version the WebJar carries ({@code 1.6.30}). */
    public static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the uPlot WebJar's version", e);
        }
        return p.getProperty("version", "");
    }

    /** uPlot's minified script, which defines the global {@code uPlot}. */
    public static String uplotJs() {
        return text(WEBJAR + uplotVersion() + "/dist/uPlot.iife.min.js");
    }

    /** uPlot's style sheet. */
    public static String uplotCss() {
        return text(WEBJAR + uplotVersion() + "/dist/uPlot.min.css");
    }

    /** {@code timeline.js}: defines {@code HorizonTimeline.parseCsv(text, name)} and {@code draw(element, run)}. */
    public static String timelineJs() {
        return text("dev/horizon/charts/web/timeline.js");
    }

    private static String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " from the classpath", e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = WebCharts.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the classpath (the horizon jar is incomplete)");
        }
        return in;
    }
}
