package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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

    @Test
    void samplesWithAPrefixCarryTheirUnescapedLabelsAndSkipMalformedLines() {
        String text = """
            # HELP horizon_data_replica_problem Why.
            horizon_data_replica_problem{replica="replica-1",problem="said \\"no\\"\\nthen \\\\ left"} 1
            horizon_data_replica_lag_seconds{replica="replica-2"} 0.25
            horizon_cache_requests_total{cache="c"} 3
            horizon_data_fallbacks_total 2
            horizon_data_broken{replica="x" 1
            horizon_data_odd{ a = "x,}y" , b=bare} 4
            """;

        assertThat(PrometheusText.samples(text, "horizon_data_")).containsExactly(
            new PrometheusText.Sample("horizon_data_replica_problem",
                Map.of("replica", "replica-1", "problem", "said \"no\"\nthen \\ left"), 1),
            new PrometheusText.Sample("horizon_data_replica_lag_seconds", Map.of("replica", "replica-2"), 0.25),
            new PrometheusText.Sample("horizon_data_fallbacks_total", Map.of(), 2),
            new PrometheusText.Sample("horizon_data_odd", Map.of("a", "x,}y", "b", "bare"), 4));
        assertThat(PrometheusText.value("m{a = \"b\"} 3\nm{a=b} 5\n", "m")).isEqualTo(OptionalDouble.of(8));
    }
}
