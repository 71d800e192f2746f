package dev.horizon.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.charts.TimelineChart.Options;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class TimelineChartTest {

    private static final int DAY = 86_400;

    /** A day of a diurnal load with one one-second spike of {@code spike} arrivals at noon and ten seconds after. */
    static Timeline day(String name, double spike, List<String> columns) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String column : columns) {
            double[] cells = new double[DAY];
            for (int s = 0; s < DAY; s++) {
                double load = 200 + 150 * Math.sin(2 * Math.PI * (s - 21_600) / DAY);
                int instances = (int) Math.ceil(load / 50);
                cells[s] = switch (column) {
                    case Timeline.TIME -> s;
                    case Timeline.ARRIVALS -> s == 43_210 ? spike : load;
                    case Timeline.SERVED -> load * 0.99;
                    case Timeline.REJECTED, Timeline.TIMED_OUT -> load * 0.005;
                    case Timeline.P50_MS -> 20;
                    case Timeline.P95_MS -> s % 600 == 0 ? Double.NaN : 80 + load / 10;
                    case Timeline.P99_MS -> 120 + load / 5;
                    case Timeline.INSTANCES -> instances;
                    case Timeline.READY -> instances - 1;
                    case Timeline.STARTING, Timeline.WARMING, Timeline.DRAINING -> s % 3600 < 60 ? 1 : 0;
                    case Timeline.CPU -> s < DAY / 2 ? 0.5 : 1;
                    default -> 0.5;
                };
            }
            values.put(column, cells);
        }
        return Timeline.of(name, values);
    }

    private static List<XYPlot> panels(JFreeChart chart) {
        return ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    }

    /** Every series of the chart by its key: its y values as drawn. */
    private static Map<String, double[]> series(JFreeChart chart) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (XYPlot panel : panels(chart)) {
            for (int d = 0; d < panel.getDatasetCount(); d++) {
                XYDataset data = panel.getDataset(d);
                for (int s = 0; data != null && s < data.getSeriesCount(); s++) {
                    double[] y = new double[data.getItemCount(s)];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = data.getYValue(s, i);
                    }
                    series.put(String.valueOf(data.getSeriesKey(s)), y);
                }
            }
        }
        return series;
    }

    @Test
    void drawsADayOfTwoRunsAsSvgWithEverySeriesNamed(@TempDir Path dir) throws Exception {
        Timeline simulated = day("simulated", 900, Timeline.COLUMNS);
        Timeline recorded = day("recorded", 700, List.of(Timeline.TIME, Timeline.ARRIVALS, Timeline.SERVED,
            Timeline.REJECTED, Timeline.P95_MS, Timeline.INSTANCES, Timeline.READY));
        Path svg = dir.resolve("compare.svg");

        TimelineChart.write(List.of(simulated, recorded), svg,
            Options.DEFAULT.withTitle("daily: simulated vs recorded").withSloP95(Duration.ofMillis(300)));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(Double.parseDouble(document.getDocumentElement().getAttribute("width"))).isEqualTo(1200);
        assertThat(Double.parseDouble(document.getDocumentElement().getAttribute("height"))).isEqualTo(900);
        List<String> texts = new ArrayList<>();
        NodeList nodes = document.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertThat(texts).contains("daily: simulated vs recorded", "requests per second", "instances",
            "latency (ms)", "time (hours)", "cpu per instance (cores)", "p95 SLO 300 ms",
            "arrivals (simulated)", "arrivals (recorded)", "served (simulated)", "served (recorded)",
            "rejected + timed out (simulated)", "rejected + timed out (recorded)", "instances (simulated)",
            "instances (recorded)", "starting (simulated)", "warming (simulated)", "ready (simulated)",
            "ready (recorded)", "draining (simulated)", "cpu (simulated)", "p95-ms (simulated)",
            "p95-ms (recorded)", "p99-ms (simulated)");
        assertThat(texts).doesNotContain("starting (recorded)", "cpu (recorded)", "p99-ms (recorded)");
    }

    @Test
    void drawsADayAsPngOfTheAskedSize(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("day.PNG");

        TimelineChart.write(day("simulated", 900, Timeline.COLUMNS), png, Options.DEFAULT.withSize(1000, 700));

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(700);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void everySeriesOfADayIsCutToTheMaxPointsAndKeepsItsSpike() {
        JFreeChart chart = TimelineChart.chart(List.of(day("simulated", 12_345.5, Timeline.COLUMNS)),
            Options.DEFAULT);

        Map<String, double[]> series = series(chart);
        assertThat(series.keySet()).containsExactly("arrivals", "served", "rejected + timed out", "instances",
            "starting", "warming", "ready", "draining", "cpu", "p95-ms", "p99-ms");
        assertThat(series.values()).allSatisfy(y -> assertThat(y.length).isBetween(1_000, 2_000));
        assertThat(series.get("arrivals")).contains(12_345.5);
    }

    @Test
    void theTimeAxisIsInMinutesUpToTwoHoursAndInHoursBeyond() {
        assertThat(timeAxis(7_201)).isEqualTo("time (minutes)");
        assertThat(timeAxis(7_202)).isEqualTo("time (hours)");
    }

    private static String timeAxis(int rows) {
        double[] time = new double[rows];
        Arrays.setAll(time, s -> s);
        JFreeChart chart = TimelineChart.chart(List.of(Timeline.of("run", Map.of(Timeline.TIME, time))),
            Options.DEFAULT);
        return chart.getXYPlot().getDomainAxis().getLabel();
    }

    @Test
    void aRunWithoutLatencyLeavesThatPanelEmptyAndTheSloLineShows() {
        double nan = Double.NaN;
        Timeline run = Timeline.of("run", new LinkedHashMap<>(Map.of(Timeline.TIME, new double[] {0, 1, 2},
            Timeline.ARRIVALS, new double[] {5, 6, 7}, Timeline.P95_MS, new double[] {nan, nan, nan})));

        JFreeChart chart = TimelineChart.chart(List.of(run), Options.DEFAULT.withSloP95(Duration.ofMillis(250)));

        assertThat(series(chart)).containsOnlyKeys("arrivals");
        XYPlot latency = panels(chart).get(2);
        assertThat(latency.getRangeMarkers(Layer.FOREGROUND)).singleElement()
            .satisfies(marker -> assertThat(((ValueMarker) marker).getValue()).isEqualTo(250));
        assertThat(latency.getRangeAxis().getUpperBound()).isEqualTo(275);
        assertThat(panels(chart).get(1).getRangeAxisCount()).isEqualTo(1);
    }

    @Test
    void refusesWhatItCannotDraw(@TempDir Path dir) {
        Timeline run = Timeline.of("run", Map.of(Timeline.TIME, new double[] {0}));

        assertThatThrownBy(() -> TimelineChart.write(run, dir.resolve("chart.jpg"), Options.DEFAULT))
            .hasMessage(dir.resolve("chart.jpg") + ": unknown image format (expected: a file name ending in .svg or "
                + ".png)");
        assertThatThrownBy(() -> TimelineChart.write(run, dir.resolve("none/chart.svg"), Options.DEFAULT))
            .hasMessage(dir.resolve("none/chart.svg") + ": no such directory");
        assertThatThrownBy(() -> TimelineChart.write(List.of(), dir.resolve("chart.svg"), Options.DEFAULT))
            .hasMessage("chart: no runs (expected: one or more)");
        assertThatThrownBy(() -> TimelineChart.write(List.of(run, run), dir.resolve("chart.svg"), Options.DEFAULT))
            .hasMessage("chart: two runs named 'run' (expected: a name each, such as 'simulated' and 'recorded')");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void replacesTheImageWholeOrLeavesItAsItWas(@TempDir Path dir) throws IOException {
        Timeline run = day("simulated", 900, List.of(Timeline.TIME, Timeline.ARRIVALS));
        Path svg = dir.resolve("chart.svg");
        Files.writeString(svg, "old");
        Path taken = Files.createDirectories(dir.resolve("taken.svg"));
        Files.writeString(taken.resolve("keep"), "kept");

        TimelineChart.write(run, svg, Options.DEFAULT);

        assertThat(Files.readString(svg)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ")
            .doesNotContain("<!DOCTYPE").endsWith(">\n");
        assertThatThrownBy(() -> TimelineChart.write(run, taken, Options.DEFAULT))
            .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith(taken + ": ");
        assertThat(Files.readString(taken.resolve("keep"))).isEqualTo("kept");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> String.valueOf(file.getFileName())))
                .containsExactlyInAnyOrder("chart.svg", "taken.svg");
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> Options.DEFAULT.withSize(100, 900))
            .hasMessage("chart size: 100x900 (expected: 200..10000 pixels each way)");
        assertThatThrownBy(() -> Options.DEFAULT.withMaxPoints(10))
            .hasMessage("chart points: 10 (expected: 100 or more)");
        assertThatThrownBy(() -> Options.DEFAULT.withSloP95(Duration.ZERO))
            .hasMessage("p95 SLO: 0ms (expected: more than 0)");
    }

    @Test
    void drawsWithoutADisplay() {
        assertThat(timeAxis(1)).isEqualTo("time (minutes)");
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }
}
