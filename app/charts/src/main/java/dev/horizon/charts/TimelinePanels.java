package dev.horizon.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.DefaultXYDataset;
import org.jspecify.annotations.Nullable;

/**
 * The three panels of a {@link TimelineChart} as one JFreeChart: requests per second, instances (with the CPU size on
 * a second axis) and latency, over one time axis.
 */
final class TimelinePanels {

    /** Runs up to this long get a time axis in minutes, longer ones in hours. */
    private static final double MINUTES_UP_TO_SECONDS = 2 * 3600;

    /** The dash pattern of each run, in order (null: solid); a fifth run starts over. */
    private static final List<float @Nullable []> DASHES = Arrays.asList(null, new float[] {7, 4},
        new float[] {2, 3}, new float[] {9, 3, 2, 3});

    private static final Color BLUE = new Color(0x1f77b4);
    private static final Color GREEN = new Color(0x2ca02c);
    private static final Color RED = new Color(0xd62728);
    private static final Color ORANGE = new Color(0xff7f0e);
    private static final Color OLIVE = new Color(0xbcbd22);
    private static final Color PURPLE = new Color(0x9467bd);
    private static final Color BROWN = new Color(0x8c564b);
    private static final Color PINK = new Color(0xe377c2);
    static final Color GRID = new Color(0xdddddd);

    /** Colours for things without a colour of their own (the plans of a {@link PlanChart}), in order. */
    static final List<Color> PALETTE = List.of(BLUE, ORANGE, GREEN, RED, PURPLE, BROWN, PINK, OLIVE);

    /**
     * One line of a panel: its label, colour and width, and a run's values (null when the run lacks them; a column of
     * nothing but unknowns is left out too).
     */
    private record Metric(String label, Color color, float width, Function<Timeline, double @Nullable []> values) {

        static Metric column(String column, Color color, float width) {
            return new Metric(column, color, width, run -> run.has(column) ? run.values(column) : null);
        }
    }

    private static final List<Metric> REQUESTS = List.of(
        Metric.column(Timeline.ARRIVALS, BLUE, 1.5f),
        Metric.column(Timeline.SERVED, GREEN, 1.5f),
        new Metric("rejected + timed out", RED, 1.5f, TimelinePanels::failed));

    private static final List<Metric> INSTANCES = List.of(
        Metric.column(Timeline.INSTANCES, Color.BLACK, 2f),
        Metric.column(Timeline.STARTING, ORANGE, 1f),
        Metric.column(Timeline.WARMING, OLIVE, 1f),
        Metric.column(Timeline.READY, GREEN, 1f),
        Metric.column(Timeline.DRAINING, PURPLE, 1f));

    private static final List<Metric> CPU = List.of(Metric.column(Timeline.CPU, BROWN, 1.5f));

    private static final List<Metric> LATENCY = List.of(
        Metric.column(Timeline.P95_MS, BLUE, 1.5f),
        Metric.column(Timeline.P99_MS, PINK, 1f));

    private TimelinePanels() {
    }

    static JFreeChart chart(List<Timeline> runs, TimelineChart.Options options) {
        double span = 0;
        for (Timeline run : runs) {
            span = Math.max(span, run.seconds());
        }
        boolean hours = span > MINUTES_UP_TO_SECONDS;
        NumberAxis time = new NumberAxis(hours ? "time (hours)" : "time (minutes)");
        time.setAutoRangeIncludesZero(false);
        time.setLowerMargin(0);
        time.setUpperMargin(0);
        Lines lines = new Lines(runs, hours ? 3600 : 60, options.maxPoints());

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        plot.add(lines.panel("requests per second", REQUESTS), 1);
        XYPlot instances = lines.panel("instances", INSTANCES);
        if (runs.stream().anyMatch(run -> run.has(Timeline.CPU))) {
            instances.setRangeAxis(1, new NumberAxis("cpu per instance (cores)"));
            lines.add(instances, 1, CPU);
        }
        plot.add(instances, 1);
        XYPlot latency = lines.panel("latency (ms)", LATENCY);
        if (options.sloP95() != null) {
            slo(latency, options.sloP95());
        }
        plot.add(latency, 1);

        JFreeChart chart = new JFreeChart(options.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        return chart;
    }

    /** The requests that got no answer: rejected plus timed out, whichever of the two the run has. */
    private static double @Nullable [] failed(Timeline run) {
        boolean rejected = run.has(Timeline.REJECTED);
        boolean timedOut = run.has(Timeline.TIMED_OUT);
        if (!rejected || !timedOut) {
            return rejected ? run.values(Timeline.REJECTED) : timedOut ? run.values(Timeline.TIMED_OUT) : null;
        }
        double[] a = run.values(Timeline.REJECTED);
        double[] b = run.values(Timeline.TIMED_OUT);
        double[] sum = new double[a.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** A dashed red line at the SLO across the latency panel, and a range that shows it. */
    private static void slo(XYPlot latency, Duration slo) {
        double ms = slo.toNanos() / 1e6;
        ValueMarker marker = new ValueMarker(ms, RED, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_ROUND, 10f, new float[] {4, 4}, 0f));
        marker.setLabel("p95 SLO " + BigDecimal.valueOf(ms).stripTrailingZeros().toPlainString() + " ms");
        marker.setLabelPaint(RED);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        latency.addRangeMarker(marker);
        double top = ms;
        if (latency.getDataset(0) instanceof DefaultXYDataset data) {
            Range range = DatasetUtils.findRangeBounds(data);
            if (range != null) {
                top = Math.max(top, range.getUpperBound());
            }
        }
        latency.getRangeAxis().setRange(0, top + top / 10);
    }

    /** Builds the lines of the panels from the runs: each run's time scaled to the axis unit, downsampled. */
    private record Lines(List<Timeline> runs, double secondsPerUnit, int maxPoints) {

        XYPlot panel(String axisLabel, List<Metric> metrics) {
            XYPlot plot = new XYPlot();
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(GRID);
            plot.setRangeGridlinePaint(GRID);
            plot.setNoDataMessage("no data");
            plot.setRangeAxis(0, new NumberAxis(axisLabel));
            add(plot, 0, metrics);
            return plot;
        }

        /** Adds {@code metrics} of every run to {@code plot} as dataset {@code index}, on range axis {@code index}. */
        void add(XYPlot plot, int index, List<Metric> metrics) {
            DefaultXYDataset data = new DefaultXYDataset();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            renderer.setDrawSeriesLineAsPath(true);
            int series = 0;
            for (Metric metric : metrics) {
                for (int r = 0; r < runs.size(); r++) {
                    Timeline run = runs.get(r);
                    double[] values = metric.values().apply(run);
                    if (values == null || Arrays.stream(values).allMatch(Double::isNaN)) {
                        continue;
                    }
                    double[][] xy = Downsample.minMax(run.values(Timeline.TIME), values, maxPoints);
                    double[] x = new double[xy[0].length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = xy[0][i] / secondsPerUnit;
                    }
                    String key = runs.size() == 1 ? metric.label() : metric.label() + " (" + run.name() + ")";
                    data.addSeries(key, new double[][] {x, xy[1]});
                    renderer.setSeriesPaint(series, metric.color());
                    renderer.setSeriesStroke(series, stroke(r, metric.width()));
                    series++;
                }
            }
            plot.setDataset(index, data);
            plot.setRenderer(index, renderer);
            plot.mapDatasetToRangeAxis(index, index);
        }

        private static Stroke stroke(int run, float width) {
            float[] dash = DASHES.get(run % DASHES.size());
            return dash == null ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
        }
    }
}
