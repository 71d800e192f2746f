package dev.horizon.charts;

import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Plans side by side: one point per run, its cost across and its minutes with p95 over the SLO up, named — the
 * cheapest plan that keeps its objective sits lowest on the left. The runs are timelines of the same traffic under
 * different plans (a policy, a size, a fixed count), as the simulator writes them; each is summed by
 * {@link RunSummary}. Written as SVG or PNG like {@link TimelineChart}.
 */
public final class PlanChart {

    private PlanChart() {
    }

    /**
     * Draws {@code runs} into {@code out}, replacing it: SVG or PNG by its extension.
     *
     * @throws IllegalArgumentException without {@link TimelineChart.Options#sloP95()}, for a run without
     *                                  {@code price-per-hour} or {@code p95-ms}, and as {@link TimelineChart#write}
     */
    public static void write(List<Timeline> runs, Path out, TimelineChart.Options options) {
        TimelineChart.Format.of(out); // a wrong extension fails before the drawing
        TimelineChart.draw(chart(runs, options), out, options);
    }

    static JFreeChart chart(List<Timeline> runs, TimelineChart.Options options) {
        TimelineChart.checkNames(runs);
        Duration slo = options.sloP95();
        if (slo == null) {
            throw new IllegalArgumentException("plan chart: no p95 SLO (expected: Options.withSloP95, the objective "
                + "the plans are held to)");
        }
        DefaultXYDataset data = new DefaultXYDataset();
        for (Timeline run : runs) {
            RunSummary summary = RunSummary.of(run, slo);
            for (String column : List.of(Timeline.PRICE_PER_HOUR, Timeline.P95_MS)) {
                if (!run.has(column)) {
                    throw new IllegalArgumentException(run.name() + ": no '" + column + "' column (expected for a plan"
                        + " comparison)");
                }
            }
            data.addSeries(run.name(), new double[][] {{summary.cost()}, {summary.secondsOverSlo() / 60}});
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setDefaultItemLabelGenerator((dataset, series, item) -> String.valueOf(dataset.getSeriesKey(series)));
        renderer.setDefaultItemLabelsVisible(true);
        for (int series = 0; series < runs.size(); series++) {
            renderer.setSeriesPaint(series, TimelinePanels.PALETTE.get(series % TimelinePanels.PALETTE.size()));
        }
        NumberAxis cost = new NumberAxis("cost (sum of price-per-hour over the run)");
        NumberAxis overSlo = new NumberAxis("minutes with p95 over "
            + BigDecimal.valueOf(slo.toNanos() / 1e6).stripTrailingZeros().toPlainString() + " ms");
        cost.setAutoRangeIncludesZero(true);
        overSlo.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, cost, overSlo, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(TimelinePanels.GRID);
        plot.setRangeGridlinePaint(TimelinePanels.GRID);
        JFreeChart chart = new JFreeChart(options.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
