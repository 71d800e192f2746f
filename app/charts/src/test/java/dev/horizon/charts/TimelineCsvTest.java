package dev.horizon.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineCsvTest {

    private static Timeline read(String text) throws IOException {
        return TimelineCsv.read("t.csv", new StringReader(text));
    }

    @Test
    void theHeaderIsTheSharedFormatsColumnsJoined() {
        assertThat(Timeline.HEADER).isEqualTo(String.join(",", Timeline.COLUMNS))
            .isEqualTo("time,arrivals,served,rejected,timed-out,p50-ms,p95-ms,p99-ms,instances,starting,warming,"
                + "ready,draining,cpu,cpu-utilization,price-per-hour");
    }

    @Test
    void readsEveryColumnOfTheSharedFormat() throws IOException {
        Timeline timeline = read(Timeline.HEADER + "\n0,10,9,1,0,12,40,80,3,1,0,2,0,0.5,0.25,0.06\n"
            + "1,12,12,0,0,11,35,70,3,0,1,2,0,0.5,0.3,0.06\n");

        assertThat(timeline.columns()).isEqualTo(Timeline.COLUMNS);
        assertThat(timeline.rows()).isEqualTo(2);
        assertThat(timeline.column(Timeline.P95_MS)).containsExactly(40, 35);
        assertThat(timeline.column(Timeline.PRICE_PER_HOUR)).containsExactly(0.06, 0.06);
        assertThat(timeline.seconds()).isEqualTo(1);
    }

    @Test
    void anEmptyCellIsUnknownAndAMissingColumnIsAbsent() throws IOException {
        Timeline timeline = read("""
            time,arrivals,served,p95-ms,instances
            0,100,100,,2
            1, 120 ,,45.5,2
            2,,118,,
            """);

        assertThat(timeline.columns()).containsExactly("time", "arrivals", "served", "p95-ms", "instances");
        assertThat(timeline.column(Timeline.ARRIVALS)).containsExactly(100, 120, Double.NaN);
        assertThat(timeline.column(Timeline.SERVED)).containsExactly(100, Double.NaN, 118);
        assertThat(timeline.column(Timeline.P95_MS)).containsExactly(Double.NaN, 45.5, Double.NaN);
        assertThat(timeline.column(Timeline.INSTANCES)).containsExactly(2, 2, Double.NaN);
        assertThat(timeline.has(Timeline.CPU)).isFalse();
        assertThatThrownBy(() -> timeline.column(Timeline.CPU)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("t.csv: no column 'cpu' (columns: [time, arrivals, served, p95-ms, instances])");
    }

    @Test
    void skipsABomBlankLinesAndComments() throws IOException {
        Timeline timeline = read("\uFEFF# recorded by horizon demo\ntime,arrivals\n\n0,1\n# a pause\n1,2e1\n2,.5\n");

        assertThat(timeline.column(Timeline.TIME)).containsExactly(0, 1, 2);
        assertThat(timeline.column(Timeline.ARRIVALS)).containsExactly(1, 20, 0.5);
    }

    @Test
    void keepsAColumnItDoesNotKnow() throws IOException {
        assertThat(read("time,queue-length\n0,4\n").column("queue-length")).containsExactly(4);
    }

    @Test
    void aBadNumberNamesTheLineTheColumnAndTheHeader() {
        assertThatThrownBy(() -> read("time,arrivals,served\n0,1,1\n1,2, 2x\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("t.csv:3:6: served '2x' (expected: a number, or an empty cell for unknown)");
        assertThatThrownBy(() -> read("time,p95-ms\n0,NaN\n"))
            .hasMessage("t.csv:2:3: p95-ms 'NaN' (expected: a number, or an empty cell for unknown)");
        assertThatThrownBy(() -> read("time,p95-ms\n0,1e999\n"))
            .hasMessage("t.csv:2:3: p95-ms '1e999' (expected: a number, or an empty cell for unknown)");
    }

    @Test
    void aRowOfTheWrongWidthIsAnError() {
        assertThatThrownBy(() -> read("time,arrivals\n0,1\n1,2,3\n"))
            .hasMessage("t.csv:3: 3 cells (expected: 2, one per column of the header)");
    }

    @Test
    void timesAreKnownAndIncrease() {
        assertThatThrownBy(() -> read("time,arrivals\n0,1\n0,2\n"))
            .hasMessage("t.csv:3:1: time '0' (expected: seconds from the start, after the row before)");
        assertThatThrownBy(() -> read("arrivals,time\n1,\n"))
            .hasMessage("t.csv:2:3: time '' (expected: seconds from the start, after the row before)");
    }

    @Test
    void theHeaderNamesTimeAndEachColumnOnce() {
        assertThatThrownBy(() -> read("seconds,rps\n0,1\n")).hasMessage("t.csv:1: header 'seconds,rps' has no "
            + "'time' column (expected: " + Timeline.HEADER + ")");
        assertThatThrownBy(() -> read("time,served,served\n")).hasMessage(
            "t.csv:1:13: column 'served' named twice in the header");
        assertThatThrownBy(() -> read("time,,served\n"))
            .hasMessage("t.csv:1:6: empty column name in the header (expected: " + Timeline.HEADER + ")");
        assertThatThrownBy(() -> read("\n# nothing\n")).hasMessage("t.csv: no header (expected: " + Timeline.HEADER
            + ")");
    }

    @Test
    void aFileIsNamedForItsRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("recorded.csv");
        Files.writeString(file, "time,arrivals\n0,5\n");

        assertThat(TimelineCsv.read(file).name()).isEqualTo("recorded");
        assertThat(TimelineCsv.read(file).named("real").name()).isEqualTo("real");
        assertThatThrownBy(() -> TimelineCsv.read(dir.resolve("missing.csv")))
            .hasMessage(dir.resolve("missing.csv") + ": no such file");
    }

    @Test
    void readsADayOfRowsInOrder() throws IOException {
        StringBuilder text = new StringBuilder("time,arrivals,p95-ms\n");
        for (int s = 0; s < 86_400; s++) {
            text.append(s).append(',').append(s % 100).append(',').append(s % 7 == 0 ? "" : "12.5").append('\n');
        }

        Timeline day = read(text.toString());

        assertThat(day.rows()).isEqualTo(86_400);
        assertThat(day.column(Timeline.ARRIVALS)[86_399]).isEqualTo(99);
        assertThat(day.column(Timeline.P95_MS)[86_394]).isNaN();
        assertThat(day.column(Timeline.P95_MS)[86_395]).isEqualTo(12.5);
    }

    @Test
    void aTimelineInMemoryChecksItsColumns() {
        assertThatThrownBy(() -> Timeline.of("sim", Map.of("arrivals", new double[] {1})))
            .hasMessage("sim: no 'time' column (columns: [arrivals])");
        assertThatThrownBy(() -> Timeline.of("sim", new LinkedHashMap<>(Map.of(
                "time", new double[] {0, 1}, "arrivals", new double[] {1}))))
            .hasMessage("sim: column 'arrivals' has 1 rows (expected: 2, as 'time')");
        assertThatThrownBy(() -> Timeline.of("sim", Map.of("time", new double[] {0, Double.NaN})))
            .hasMessage("sim: time NaN in row 2 (expected: a finite number of seconds, after the row before)");
        assertThatThrownBy(() -> Timeline.of(" ", Map.of("time", new double[] {0})))
            .hasMessage("timeline: blank name (expected: a label such as 'simulated')");
    }
}
