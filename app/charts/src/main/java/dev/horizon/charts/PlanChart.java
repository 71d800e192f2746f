package dev.horizon.charts;

import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Plans side by side: one named point per plan, its cost across and its minutes with p95 over the SLO up — the
 * cheapest plan that keeps its objective sits lowest on the left. The plans come either as timelines of the same
 * traffic under different plans (a policy, a size, a fixed count), each summed by {@link RunSummary}, or as the
 * numbers a planner computed ({@link Plan}). Written as SVG or PNG like {@link TimelineChart}.
 */
public final class PlanChart {

    private PlanChart() {
    }

    /**
     * One plan's point.
     *
     * @param name           its label ({@code target 60%}, {@code fixed 4})
     * @param cost           what it costs, in any unit the caller names on the axis; 0 or more
     * @param minutesOverSlo the minutes its p95 was over the SLO; 0 or more
     */
    public record Plan(String name, double cost, double minutesOverSlo) {

        /**
         * Checks the plan.
         *
         * @throws IllegalArgumentException for a blank name, or a negative or non-finite number
         */
        public Plan {
            if (name.isBlank() || !(cost >= 0) || !(minutesOverSlo >= 0) || Double.isInfinite(cost)
                || Double.isInfinite(minutesOverSlo)) {
                throw new IllegalArgumentException("plan '" + name + "': cost " + cost + ", minutes over the SLO "
                    + minutesOverSlo + " (expected: a name, and finite numbers 0 or more)");
            }
        }
    }

    /**
     * Draws one point per run of {@code runs} into {@code out}, replacing it: SVG or PNG by its extension. Each run is
     * summed by {@link RunSummary}: its cost is the sum of its {@code price-per-hour} over its hours, its minutes over
     * the SLO count its seconds whose {@code p95-ms} is over {@link TimelineChart.Options#sloP95()}.
     *
     * @throws IllegalArgumentException without an SLO, for a run without {@code price-per-hour} or {@code p95-ms},
     *                                  and as {@link TimelineChart#write}
     */
    public static void write(List<Timeline> runs, Path out, TimelineChart.Options options) {
        TimelineChart.Format.of(out); // a wrong extension fails before the drawing
        TimelineChart.checkNames("runs", runs.stream().map(Timeline::name).toList());
        List<Plan> plans = plans(runs, slo(options));
        TimelineChart.draw(chart(plans, "cost (sum of price-per-hour over the run)", options), out, options);
    }

    /** Each run as a plan: its cost and its minutes with p95 over {@code slo}. */
    static List<Plan> plans(List<Timeline> runs, Duration slo) {
        List<Plan> plans = new ArrayList<>();
        for (Timeline run : runs) {
            for (String column : List.of(Timeline.PRICE_PER_HOUR, Timeline.P95_MS)) {
                if (!run.has(column)) {
                    throw new IllegalArgumentException(run.name() + ": no '" + column + "' column (expected for a plan"
                        + " comparison)");
                }
            }
            RunSummary summary = RunSummary.of(run, slo);
            plans.add(new Plan(run.name(), summary.cost(), summary.secondsOverSlo() / 60));
        }
        return plans;
    }

    /**
     * Draws {@code plans}, as a planner computed them, into {@code out}, replacing it: SVG or PNG by its extension;
     * {@code costLabel} names the cost axis ({@code cost per month}).
     *
     * @throws IllegalArgumentException without an SLO (it names the vertical axis), and as {@link TimelineChart#write}
     */
    public static void writePlans(List<Plan> plans, String costLabel, Path out, TimelineChart.Options options) {
        TimelineChart.Format.of(out); // a wrong extension fails before the drawing
        TimelineChart.draw(chart(plans, costLabel, options), out, options);
    }

    private static Duration slo(TimelineChart.Options options) {
        Duration slo = options.sloP95();
        if (slo == null) {
            throw new IllegalArgumentException("plan chart: no p95 SLO (expected: Options.withSloP95, the objective "
                + "the plans are held to)");
        }
        return slo;
    }

    static JFreeChart chart(List<Plan> plans, String costLabel, TimelineChart.Options options) {
        TimelineChart.checkNames("plans", plans.stream().map(Plan::name).toList());
        Duration slo = slo(options);
        DefaultXYDataset data = new DefaultXYDataset();
        for (Plan plan : plans) {
            data.addSeries(plan.name(), new double[][] {{plan.cost()}, {plan.minutesOverSlo()}});
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setDefaultItemLabelGenerator((dataset, series, item) -> String.valueOf(dataset.getSeriesKey(series)));
        renderer.setDefaultItemLabelsVisible(true);
        for (int series = 0; series < plans.size(); series++) {
            renderer.setSeriesPaint(series, TimelinePanels.PALETTE.get(series % TimelinePanels.PALETTE.size()));
        }
        NumberAxis cost = new NumberAxis(costLabel);
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
