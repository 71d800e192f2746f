package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.gateway.RateLimit;
import dev.horizon.gateway.RateLimitKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code routes[].rate-limit}: the defaults, every key read, and bad values refused at their line. */
class RateLimitConfigTest {

    private static RateLimit limit(String rateLimit) {
        RateLimit limit = ConfigLoader.parse("routes:\n  - service: shop\n    rate-limit: " + rateLimit
            + "\nservices: { shop: {} }\n", "horizon.yaml", Map.of()).gateway().routes().get(0).rateLimit();
        if (limit == null) {
            throw new AssertionError("no rate limit read from " + rateLimit);
        }
        return limit;
    }

    private static String error(String rateLimit) {
        try {
            limit(rateLimit);
        } catch (ConfigException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("accepted: " + rateLimit);
    }

    @Test
    void readsTheDefaults() {
        assertThat(limit("{ requests: 100, per: 1s }")).isEqualTo(new RateLimit(100, Duration.ofSeconds(1), 100,
            RateLimitKey.CLIENT_IP, RateLimit.Scope.LOCAL, RateLimit.Mode.ENFORCE, null, RateLimit.RedisDown.OPEN,
            true));
    }

    @Test
    void readsEveryKey() {
        assertThat(limit("{ requests: 100, per: 1s, burst: 50, key: 'header:X-Api-Key', scope: global, mode: shadow,"
            + " redis: 'redis://10.0.0.7:6379', on-redis-down: closed, headers: false }"))
            .isEqualTo(new RateLimit(100, Duration.ofSeconds(1), 50, new RateLimitKey(RateLimitKey.Source.HEADER,
                "X-Api-Key"), RateLimit.Scope.GLOBAL, RateLimit.Mode.SHADOW, "redis://10.0.0.7:6379",
                RateLimit.RedisDown.CLOSED, false));
    }

    @Test
    void readsARedisClusterBySeedNodes() {
        assertThat(limit("{ requests: 5, per: 1s, scope: global, "
            + "redis: 'redis-cluster://10.0.0.7:7000,10.0.0.8:7001' }").redis())
            .isEqualTo("redis-cluster://10.0.0.7:7000,10.0.0.8:7001");
    }

    @Test
    void refusesBadValuesAtTheirLine() {
        assertThat(error("{ requests: 0, per: 1s }"))
            .isEqualTo("horizon.yaml:3: routes[0].rate-limit.requests: 0 (expected: >= 1)");
        assertThat(error("{ requests: 5, per: 1s, key: ip }"))
            .isEqualTo("horizon.yaml:3: routes[0].rate-limit.key: 'ip' (expected: client-ip | header:NAME | "
                + "cookie:NAME | route)");
        assertThat(error("{ requests: 5, per: 1s, scope: globel }"))
            .isEqualTo("horizon.yaml:3: routes[0].rate-limit.scope: 'globel' (expected: local | global)"
                + " (did you mean 'global'?)");
        assertThat(error("{ requests: 5, per: 1s, scope: global }"))
            .isEqualTo("horizon.yaml:3: routes[0].rate-limit: redis: null (expected: redis://host:port or "
                + "redis-cluster://host:port,host:port,... for scope global)");
        assertThat(error("{ requests: 5, per: 1s, scope: global, redis: 'redis-cluster://a:7000;b:7001' }"))
            .isEqualTo("horizon.yaml:3: routes[0].rate-limit.redis: redis-cluster://a:7000;b:7001 (expected: "
                + "redis://host:port or redis-cluster://host:port,host:port,... for scope global)");
        assertThatThrownBy(() -> limit("{ requests: 5, per: 1s, brust: 2 }")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("unknown key 'brust'").hasMessageContaining("did you mean 'burst'?");
    }
}
