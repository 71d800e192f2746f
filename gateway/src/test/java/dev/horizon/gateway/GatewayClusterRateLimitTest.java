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

    private static long redisErrors(Gateway g) {
        String prefix = "horizon_rate_limit_redis_errors_total{route=\"api\"} ";
        return g.metricsText().lines().filter(l -> l.startsWith(prefix))
            .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).trim())).sum();
    }

    private static boolean answers(GatewayTestKit kit, Gateway g) {
        try {
            // the RateLimit field comes only with Redis's answer: admitted while Redis is down (open), there is none
            return kit.get(g, "/warm", "X-Api-Key", "warm").headers().firstValue("RateLimit").isPresent();
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

            int total = 0;
            for (int k = 0; k < 12; k++) {
                int admitted = 0;
                for (int i = 0; i < 5; i++) {
                    int status = kit.get(g, "/api", "X-Api-Key", "key-" + k).statusCode();
                    assertThat(status).as("key-" + k + " answer " + i).isIn(200, 429);
                    admitted += status == 200 ? 1 : 0;
                }
                assertThat(admitted).as("key-" + k + " admitted").isLessThanOrEqualTo(3);
                total += admitted;
            }
            // a decision Redis answers later than 20 ms is refused (on-redis-down: closed) and counted; on a busy
            // machine a few may be; each costs its key at most the one request it refused
            long errors = redisErrors(g);
            assertThat(errors).as("decisions Redis did not answer in time").isLessThan(30);
            assertThat(total).as("admitted over 12 keys of quota 3").isBetween((int) (36 - errors), 36);
            int holding = 0;
            for (RedisServer node : cluster.nodes()) {
                holding += Integer.parseInt(node.cli("DBSIZE").trim()) > 0 ? 1 : 0;
            }
            assertThat(holding).as("masters holding limit keys").isEqualTo(3);
        }
    }
}
