package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String TEXT = """
        # HELP jobs_waiting Jobs waiting.
        # TYPE jobs_waiting gauge
        jobs_waiting{queue="a"} 3
        jobs_waiting{queue="b",x="}"} 4.5 1712345678000
        jobs_waiting_total 100
        other 7
        plain 2e1
        broken{a="b" 1
        not_a_number NaN
        """;

    @Test
    void sumsEverySeriesOfTheName() {
        assertThat(PrometheusText.value(TEXT, "jobs_waiting")).isEqualTo(OptionalDouble.of(7.5));
    }

    @Test
    void aLongerNameIsAnotherMetric() {
        assertThat(PrometheusText.value(TEXT, "jobs_waiting_total")).isEqualTo(OptionalDouble.of(100));
        assertThat(PrometheusText.value(TEXT, "plain")).isEqualTo(OptionalDouble.of(20));
    }

    @Test
    void absentMalformedOrNonFiniteIsEmpty() {
        assertThat(PrometheusText.value(TEXT, "missing")).isEmpty();
        assertThat(PrometheusText.value(TEXT, "broken")).isEmpty();
        assertThat(PrometheusText.value(TEXT, "not_a_number")).isEmpty();
        assertThat(PrometheusText.value("", "x")).isEmpty();
    }
}
