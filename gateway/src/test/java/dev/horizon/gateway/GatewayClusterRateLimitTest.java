package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import dev.horizon.testing.RedisCluster;
import dev.horizon.testing.RedisServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A global rate limit on a real three-master Redis Cluster ({@code redis-cluster://} seeds): each key's quota is
 * exact, whichever master holds it, and the keys spread over the masters.
 */
class GatewayClusterRateLimitTest {

    private static Route route(String name, String seeds, RateLimit.RedisDown down) {
        RateLimit limit = new RateLimit(3, Duration.ofHours(1), 3, RateLimitKey.parse("header:X-Api-Key"),
            RateLimit.Scope.GLOBAL, RateLimit.Mode.ENFORCE, seeds, down, true);
        return new Route(name, new RouteMatch(null, "/" + name, null, null, Map.of(), Map.of(), Map.of()), "shop",
            limit);
    }

    private static boolean answers(GatewayTestKit kit, Gateway g) {
        try {
            return kit.get(g, "/warm", "X-Api-Key", "warm").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void eachKeysQuotaHoldsExactlyWhicheverMasterKeepsIt() throws Exception {
        try (GatewayTestKit kit = new GatewayTestKit();
             RedisCluster cluster = new RedisCluster(Files.createTempDirectory("horizon-ratelimit-cluster"))) {
            String seeds = "redis-cluster://" + String.join(",", cluster.uris().stream()
                .map(u -> u.substring("redis://".length())).toList());
            Gateway g = kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
                List.of(route("warm", seeds, RateLimit.RedisDown.OPEN),
                    route("api", seeds, RateLimit.RedisDown.CLOSED)),
                List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(kit.backend("shop").address(), 1, ""))))));
            Eventually.await("the gateway's Cluster connection answers", () -> answers(kit, g));
            // as on a Cluster that has served before: a node's first EVALSHA (NOSCRIPT, then EVAL) may take over the
            // 20 ms limit on a busy machine, and /api would refuse it (on-redis-down: closed); 30 keys reach all three
            // masters (slots are CRC16 of the key, the same on every run), so each one caches the script
            for (int i = 0; i < 30; i++) {
                kit.get(g, "/warm", "X-Api-Key", "warm-" + i);
            }

            for (int k = 0; k < 12; k++) {
                int admitted = 0;
                int limited = 0;
                for (int i = 0; i < 5; i++) {
                    int status = kit.get(g, "/api", "X-Api-Key", "key-" + k).statusCode();
                    admitted += status == 200 ? 1 : 0;
                    limited += status == 429 ? 1 : 0;
                }
                assertThat(admitted).as("key-" + k + " admitted").isEqualTo(3);
                assertThat(limited).as("key-" + k + " limited").isEqualTo(2);
            }
            int holding = 0;
            for (RedisServer node : cluster.nodes()) {
                holding += Integer.parseInt(node.cli("DBSIZE").trim()) > 0 ? 1 : 0;
            }
            assertThat(holding).as("masters holding limit keys").isEqualTo(3);
            assertThat(g.metricsText()).contains("horizon_rate_limit_redis_errors_total{route=\"api\"} 0\n");
        }
    }
}
