package dev.horizon.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCsvTest {

    private static Trace read(String text) throws IOException {
        return TraceCsv.read("t.csv", new StringReader(text));
    }

    private static String write(Trace trace) throws IOException {
        StringWriter out = new StringWriter();
        TraceCsv.write(trace, out);
        return out.toString();
    }

    @Test
    void sparseRowsHoldTheirRateUntilTheNextRow() throws IOException {
        assertThat(read("0,100\n3,250.5\n5,0\n6,7\n").toArray()).containsExactly(100, 100, 100, 250.5, 250.5, 0, 7);
    }

    @Test
    void theLastRowHoldsForOneSecond() throws IOException {
        assertThat(read("0,5\n").seconds()).isEqualTo(1);
        assertThat(read("0,1\n1,2\n2,3").toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void skipsAHeaderBlankLinesCommentsAndSpaces() throws IOException {
        assertThat(read("\uFEFFseconds,rps\n\n# a quiet start\n 0 , 1\r\n2,1e2\n").toArray())
            .containsExactly(1, 1, 100);
        assertThat(read("time,requests per second\n0,3\n").toArray()).containsExactly(3);
    }

    @Test
    void isoTimesCountWholeSecondsFromTheFirstRow() throws IOException {
        Trace trace = read("""
            time,rps
            2024-05-01T12:00:00.900Z,10
            2024-05-01T14:00:02+02:00,20
            2024-05-01T12:00:04,30
            """);

        assertThat(trace.toArray()).containsExactly(10, 10, 20, 20, 30);
    }

    @Test
    void writesAHeaderAndOneRowPerSecondInTheShortestDecimal() throws IOException {
        assertThat(write(Trace.of(100, 0.1, 1e7, 1.0 / 3)))
            .isEqualTo("seconds,rps\n0,100\n1,0.1\n2,10000000\n3,0.3333333333333333\n");
    }

    @Test
    void roundTripsEveryShapeExactly(@TempDir Path dir) {
        for (String spec : new String[] {"daily:noise=0.2,seed=3", "flash-sale", "growth:stage=6h", "spike"}) {
            Trace trace = Traces.generate(spec);
            Path file = dir.resolve("trace.csv");
            TraceCsv.write(trace, file);

            assertThat(TraceCsv.read(file)).as(spec).isEqualTo(trace);
            assertThat(Traces.load(file.toString())).as(spec).isEqualTo(trace);
        }
    }

    @Test
    void refusesBadRowsWithFileAndLine() {
        assertThatThrownBy(() -> read("seconds,rps\n0\n"))
            .hasMessage("t.csv:2: '0' (expected: seconds,rps or time,rps)");
        assertThatThrownBy(() -> read("0,1,2\n")).hasMessage("t.csv:1: '0,1,2' (expected: seconds,rps or time,rps)");
        assertThatThrownBy(() -> read("0,1\n1.5,2\n"))
            .hasMessage("t.csv:2: time '1.5' (expected: whole seconds from the start, like the first row)");
        assertThatThrownBy(() -> read("0,1\n2024-05-01T12:00:00Z,2\n")).hasMessage("t.csv:2: time "
            + "'2024-05-01T12:00:00Z' (expected: whole seconds from the start, like the first row)");
        assertThatThrownBy(() -> read("2024-13-01T00:00:00Z,1\n")).hasMessage("t.csv:1: time '2024-13-01T00:00:00Z' "
            + "(expected: whole seconds from the start, or an ISO-8601 time like 2024-05-01T12:00:00Z)");
        assertThatThrownBy(() -> read("2024-05-01T12:00:00Z,1\n60,2\n")).hasMessage("t.csv:2: time '60' "
            + "(expected: an ISO-8601 time like 2024-05-01T12:00:00Z, like the first row)");
    }

    @Test
    void refusesTimesThatDoNotStartAtZeroOrDoNotIncrease() {
        assertThatThrownBy(() -> read("seconds,rps\n10,1\n"))
            .hasMessage("t.csv:2: first time 10 (expected: 0, the start of the trace)");
        assertThatThrownBy(() -> read("0,1\n40,1\n\n30,1\n"))
            .hasMessage("t.csv:4: time 30 is not after the time on line 2 (expected: increasing times)");
        assertThatThrownBy(() -> read("0,1\n0,1\n"))
            .hasMessage("t.csv:2: time 0 is not after the time on line 1 (expected: increasing times)");
        assertThatThrownBy(() -> read("2024-05-01T12:00:00Z,1\n2024-05-01T12:00:00.5Z,1\n"))
            .hasMessage("t.csv:2: time 2024-05-01T12:00:00.5Z is not after the time on line 1 "
                + "(expected: increasing times)");
        assertThatThrownBy(() -> read("0,1\n2678400,1\n"))
            .hasMessage("t.csv:2: time 2678400 is 744h from the start (expected: less than 744h)");
    }

    @Test
    void refusesNegativeAndUnreadableRates() {
        assertThatThrownBy(() -> read("0,1\n1,-3\n")).hasMessage("t.csv:2: rps -3 (expected: 0 or more)");
        assertThatThrownBy(() -> read("0,fast\n"))
            .hasMessage("t.csv:1: rps 'fast' (expected: a number of requests per second, 0 or more)");
        assertThatThrownBy(() -> read("0,NaN\n"))
            .hasMessage("t.csv:1: rps 'NaN' (expected: a number of requests per second, 0 or more)");
        assertThatThrownBy(() -> read("0,1e999\n"))
            .hasMessage("t.csv:1: rps '1e999' (expected: a number of requests per second, 0 or more)");
    }

    @Test
    void refusesAFileWithoutRowsAndAMissingFile(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> read("seconds,rps\n# nothing yet\n"))
            .hasMessage("t.csv: no rows (expected: seconds,rps lines)");
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> TraceCsv.read(missing)).hasMessage(missing + ": no such file");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> Traces.load(empty.toString()))
            .hasMessage(empty + ": no rows (expected: seconds,rps lines)");
    }
}
