package dev.horizon.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.charts.TimelineChart.Options;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PlanChartTest {

    private static final Options SLO_300 = Options.DEFAULT.withSloP95(Duration.ofMillis(300));

    private static Timeline read(String name, String text) throws IOException {
        return TimelineCsv.read(name, new StringReader(text));
    }

    /** Four seconds at two instances of 0.36 an hour, one of them (second 2) over a 300 ms p95. */
    private static Timeline lean() throws IOException {
        return read("lean", """
            time,arrivals,rejected,timed-out,p95-ms,instances,price-per-hour
            0,100,0,0,120,2,0.72
            1,100,0,1,280,2,0.72
            2,150,5,4,450,2,0.72
            3,100,,0,,2,0.72
            """);
    }

    @Test
    void summarizesARunsCostRequestsAndSecondsOverTheSlo() throws IOException {
        RunSummary summary = RunSummary.of(lean(), Duration.ofMillis(300));

        assertThat(summary).isEqualTo(new RunSummary("lean", 4, 450, 10, 0.72 * 4 / 3600, 8.0 / 3600, 1));
        assertThat(summary.failedShare()).isEqualTo(10.0 / 450);
    }

    @Test
    void aSparseRowStandsForTheTimeUntilTheNextAndUnknownsAreNaN() throws IOException {
        RunSummary summary = RunSummary.of(read("sparse", "time,instances,p95-ms\n0,1,500\n10,3,100\n"), null);

        assertThat(summary.seconds()).isEqualTo(11);
        assertThat(summary.instanceHours()).isEqualTo(13.0 / 3600);
        assertThat(summary.arrivals()).isNaN();
        assertThat(summary.failed()).isNaN();
        assertThat(summary.cost()).isNaN();
        assertThat(summary.secondsOverSlo()).isNaN();
        assertThat(RunSummary.of(read("sparse", "time,p95-ms\n0,500\n10,100\n"), Duration.ofMillis(300))
            .secondsOverSlo()).isEqualTo(10);
    }

    @Test
    void eachRunIsAPlanAtItsCostAndMinutesOverTheSlo() throws IOException {
        Timeline roomy = read("roomy", """
            time,p95-ms,price-per-hour
            0,100,3.6
            60,100,3.6
            """);

        assertThat(PlanChart.plans(List.of(lean(), roomy), Duration.ofMillis(300))).containsExactly(
            new PlanChart.Plan("lean", 0.72 * 4 / 3600, 1.0 / 60), new PlanChart.Plan("roomy", 3.6 * 61 / 3600, 0));
    }

    @Test
    void placesEachPlanAtItsNumbers() {
        JFreeChart chart = PlanChart.chart(List.of(new PlanChart.Plan("fixed 4", 120, 20),
            new PlanChart.Plan("target 60%", 90.5, 1.5)), "cost per month", SLO_300);

        XYDataset data = chart.getXYPlot().getDataset();
        assertThat(data.getSeriesCount()).isEqualTo(2);
        assertThat(data.getSeriesKey(1)).isEqualTo("target 60%");
        assertThat(data.getXValue(1, 0)).isEqualTo(90.5);
        assertThat(data.getYValue(1, 0)).isEqualTo(1.5);
        assertThat(chart.getXYPlot().getDomainAxis().getLabel()).isEqualTo("cost per month");
        assertThat(chart.getXYPlot().getRangeAxis().getLabel()).isEqualTo("minutes with p95 over 300 ms");
    }

    @Test
    void writesAnSvgThatNamesEveryPlan(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("plans.svg");

        PlanChart.write(List.of(lean(), lean().named("lean again")), svg, SLO_300.withTitle("plans"));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        assertThat(document.getDocumentElement().getTextContent()).contains("plans", "lean", "lean again");
    }

    @Test
    void needsAnSloAndThePriceAndLatencyOfEveryRun(@TempDir Path dir) throws IOException {
        Timeline noPrice = read("free", "time,p95-ms\n0,1\n");

        assertThatThrownBy(() -> PlanChart.write(List.of(lean()), dir.resolve("p.png"), Options.DEFAULT))
            .hasMessage("plan chart: no p95 SLO (expected: Options.withSloP95, the objective the plans are held to)");
        assertThatThrownBy(() -> PlanChart.write(List.of(lean(), noPrice), dir.resolve("p.png"), SLO_300))
            .hasMessage("free: no 'price-per-hour' column (expected for a plan comparison)");
        assertThatThrownBy(() -> PlanChart.write(List.of(lean()), dir.resolve("p.gif"), SLO_300))
            .hasMessage(dir.resolve("p.gif") + ": unknown image format (expected: a file name ending in .svg or .png)");
        assertThatThrownBy(() -> PlanChart.writePlans(List.of(), "cost", dir.resolve("p.svg"), SLO_300))
            .hasMessage("chart: no plans (expected: one or more)");
        assertThatThrownBy(() -> new PlanChart.Plan("odd", -1, 0))
            .hasMessage("plan 'odd': cost -1.0, minutes over the SLO 0.0 (expected: a name, and finite numbers 0 or "
                + "more)");
        assertThat(dir).isEmptyDirectory();
    }
}
