package dev.horizon.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementsCsvTest {

    @Test
    void readsPairsWithAnOptionalHeaderCommentsAndBlankLines() {
        List<Measurement> read = MeasurementsCsv.parse("m.csv",
            List.of("# load test", "concurrency, throughput", "1,955.16", "", " 2 , 1878.91 ", "4,3.5e3"));
        assertThat(read).containsExactly(new Measurement(1, 955.16), new Measurement(2, 1878.91),
            new Measurement(4, 3500));
    }

    @Test
    void readsWithoutAHeader() {
        assertThat(MeasurementsCsv.parse("m.csv", List.of("1,10", "2,19")))
            .containsExactly(new Measurement(1, 10), new Measurement(2, 19));
    }

    @Test
    void namesTheFileAndLineOfABadNumber() {
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("concurrency,throughput", "1,10", "2,fast")))
            .hasMessage("m.csv:3: throughput 'fast' is not a number (expected: concurrency,throughput like 4,3548.68)");
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("1,10", "NaN,10")))
            .hasMessage("m.csv:2: concurrency 'NaN' is not a number (expected: concurrency,throughput like 4,3548.68)");
    }

    @Test
    void namesTheFileAndLineOfAWrongFieldCount() {
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("1,10,0.1")))
            .hasMessage("m.csv:1: 3 fields in '1,10,0.1' (expected: concurrency,throughput like 4,3548.68)");
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("1;10")))
            .hasMessage("m.csv:1: 1 field in '1;10' (expected: concurrency,throughput like 4,3548.68)");
    }

    @Test
    void namesTheFileAndLineOfAValueOutOfRange() {
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("1,10", "0,5")))
            .hasMessage("m.csv:2: concurrency: 0.0 (expected: a number ≥ 1)");
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("2,-5")))
            .hasMessage("m.csv:1: throughput: -5.0 (expected: a number ≥ 0)");
    }

    @Test
    void refusesAFileWithoutMeasurements() {
        assertThatThrownBy(() -> MeasurementsCsv.parse("m.csv", List.of("concurrency,throughput", "")))
            .hasMessage("m.csv: no measurements (expected: concurrency,throughput like 4,3548.68)");
    }
}
