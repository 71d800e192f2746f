package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.ConcurrencyLimitConfig.Algorithm;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Priority;
import dev.horizon.gateway.ServiceConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code services.NAME.concurrency-limit} and {@code routes[].priority}: defaults, every key, bad values refused. */
class ConcurrencyLimitConfigTest {

    private static GatewayConfig load(String limit, String priority) {
        return ConfigLoader.parse("routes:\n  - service: shop\n" + priority + "services:\n  shop:\n"
            + "    concurrency-limit: " + limit + "\n", "horizon.yaml", Map.of()).gateway();
    }

    private static ConcurrencyLimitConfig limit(String limit) {
        ConcurrencyLimitConfig c = java.util.Objects.requireNonNull(load(limit, "").services().get("shop"))
            .concurrencyLimit();
        if (c == null) {
            throw new AssertionError("no concurrency limit read from " + limit);
        }
        return c;
    }

    private static String error(String limit, String priority) {
        try {
            load(limit, priority);
        } catch (ConfigException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("accepted: " + limit);
    }

    @Test
    void readsAFixedLimitAndTheDefaults() {
        assertThat(limit("{ max: 64 }")).isEqualTo(ConcurrencyLimitConfig.fixed(64));
        assertThat(limit("{ adaptive: gradient2 }")).isEqualTo(new ConcurrencyLimitConfig(Algorithm.GRADIENT2, 20,
            200, Duration.ofSeconds(5), null, Duration.ofSeconds(1)));
        assertThat(load("{ max: 1 }", "").routes().get(0).priority()).isEqualTo(Priority.NORMAL);
        assertThat(ConfigLoader.parse("services: { shop: {} }\n", "horizon.yaml", Map.of()).gateway().services()
            .get("shop")).extracting(ServiceConfig::concurrencyLimit).isNull();
    }

    @Test
    void readsEveryKey() {
        assertThat(limit("{ adaptive: aimd, min: 5, max: 50, timeout: 200ms, queue: { size: 10, timeout: 20ms },"
            + " retry-after: 3s }")).isEqualTo(new ConcurrencyLimitConfig(Algorithm.AIMD, 5, 50,
                Duration.ofMillis(200), new ConcurrencyLimitConfig.Queue(10, Duration.ofMillis(20)),
                Duration.ofSeconds(3)));
        assertThat(limit("{ max: 8, queue: { size: 4 } }").queue())
            .isEqualTo(new ConcurrencyLimitConfig.Queue(4, Duration.ofMillis(50)));
        assertThat(load("{ max: 1 }", "    priority: high\n").routes().get(0).priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void refusesBadValuesAtTheirLine() {
        assertThat(error("{ max: 0 }", "")).isEqualTo("horizon.yaml:5: services.shop.concurrency-limit.max: 0 "
            + "(expected: >= 1)");
        assertThat(error("{ min: 4 }", "")).isEqualTo("horizon.yaml:5: services.shop.concurrency-limit: missing key "
            + "'max'");
        assertThat(error("{ max: 4, min: 2 }", "")).isEqualTo("horizon.yaml:5: services.shop.concurrency-limit.min: "
            + "only with 'adaptive' (a fixed limit is its 'max')");
        assertThat(error("{ adaptive: gradient3 }", "")).isEqualTo("horizon.yaml:5: "
            + "services.shop.concurrency-limit.adaptive: 'gradient3' (did you mean 'gradient2'?)");
        assertThat(error("{ adaptive: gradient2, timeout: 1s }", "")).isEqualTo("horizon.yaml:5: "
            + "services.shop.concurrency-limit.timeout: only with 'adaptive: aimd' (an answer slower than it counts "
            + "as a drop)");
        assertThat(error("{ adaptive: aimd, min: 50, max: 10 }", "")).isEqualTo("horizon.yaml:5: "
            + "services.shop.concurrency-limit.max: 10 (expected: >= min, 50)");
        assertThat(error("{ max: 4, queue: { size: 0 } }", "")).isEqualTo("horizon.yaml:5: "
            + "services.shop.concurrency-limit.queue.size: 0 (expected: 1..100000)");
        assertThat(error("{ max: 4, retry-after: 500ms }", "")).isEqualTo("horizon.yaml:5: "
            + "services.shop.concurrency-limit.retry-after: '500ms' (expected: >= 1s, the field counts whole seconds)");
        assertThat(error("{ max: 4, qeue: { size: 1 } }", "")).contains("unknown key 'qeue'")
            .contains("did you mean 'queue'?");
        assertThat(error("{ max: 4 }", "    priority: urgent\n")).isEqualTo("horizon.yaml:3: routes[0].priority: "
            + "'urgent' (expected: high | normal | low)");
    }
}
