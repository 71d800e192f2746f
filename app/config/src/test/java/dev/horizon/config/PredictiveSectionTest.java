package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.PredictivePolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code autoscale.predictive}: every key, the defaults, the reading it asks for, and the exact errors. */
class PredictiveSectionTest {

    private static AutoscaleConfig read(String block) {
        return AutoscaleSectionTest.read(block);
    }

    private static void refuses(String block, String message) {
        assertThatThrownBy(() -> read(block)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void readsEveryKey() {
        AutoscaleConfig c = read("""
            predictive: { mode: forecast-only, metric: rps, target: 50, buffer: 10m, history: 8d }
            """);

        assertThat(c.policy().predictive()).isEqualTo(new PredictivePolicy(PredictivePolicy.Mode.FORECAST_ONLY, "rps",
            50, Duration.ofMinutes(10), Duration.ofDays(8)));
        assertThat(c.policy().metrics()).isEmpty();
        assertThat(c.sources()).isEqualTo(Map.of("load:rps", new MetricSource.ServiceRps()));
    }

    @Test
    void defaultsToForecastAndScaleOnRpsWithTheRpsMetricsTarget() {
        AutoscaleConfig c = read("""
            metrics: [ { type: rps, target: 40 } ]
            predictive: {}
            """);

        assertThat(c.policy().predictive()).isEqualTo(new PredictivePolicy(PredictivePolicy.Mode.FORECAST_AND_SCALE,
            "rps", 40, Duration.ofMinutes(5), Duration.ofDays(15)));
        assertThat(c.sources()).containsExactly(Map.entry("rps", new MetricSource.Rps()),
            Map.entry("load:rps", new MetricSource.ServiceRps()));
    }

    @Test
    void historyTakesDaysOrADuration() {
        assertThat(read("predictive: { target: 5, history: 36h }\n").policy().predictive())
            .extracting(PredictivePolicy::history).isEqualTo(Duration.ofHours(36));
        assertThat(read("predictive: { target: 5, history: 25h }\n").policy().predictive())
            .extracting(PredictivePolicy::history).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void withoutPredictiveThereIsNone() {
        assertThat(read("metrics: [ { type: rps, target: 40 } ]\n").policy().predictive()).isNull();
    }

    @Test
    void refusesBadValuesWithLineAndKey() {
        refuses("predictive: { target: 5, mdoe: forecast-only }\n",
            "horizon.yaml:4: unknown key 'mdoe' under services.shop.autoscale.predictive (did you mean 'mode'?)");
        refuses("predictive: { target: 5, mode: forecast-onyl }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.mode: 'forecast-onyl' (did you mean "
                + "'forecast-only'?)");
        refuses("predictive: { target: 5, mode: always }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.mode: 'always' (expected: forecast-and-scale or "
                + "forecast-only)");
        refuses("predictive: { target: 5, metric: rsp }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.metric: 'rsp' (did you mean 'rps'?)");
        refuses("predictive: { target: 5, metric: latency-p95 }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.metric: 'latency-p95' (expected: rps, the service's "
                + "requests per second at the gateway)");
        refuses("metrics: [ { type: inflight, target: 20 } ]\npredictive: { mode: forecast-only }\n",
            "horizon.yaml:5: services.shop.autoscale.predictive: missing key 'target' (expected: the requests per "
                + "second one instance should carry; it defaults to the target of an rps metric under metrics, and "
                + "there is none)");
        refuses("predictive: { target: 0 }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.target: '0' (expected: a positive number)");
        refuses("predictive: { target: 5, buffer: 2h }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.buffer: '2h' (expected: 0s..1h)");
        refuses("predictive: { target: 5, history: 12h }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.history: 12h (expected: whole minutes from 25h to "
                + "60d)");
        refuses("predictive: { target: 5, history: two weeks }\n",
            "horizon.yaml:4: services.shop.autoscale.predictive.history: 'two weeks' (expected: days like 15d, or a "
                + "duration like 36h)");
    }
}
