package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import dev.horizon.testing.RedisServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Global rate limits end to end: two gateways sharing one real {@code redis-server} admit one quota between them, and
 * with Redis stopped a limit fails open (counted in {@code horizon_rate_limit_redis_errors_total}) or closed as
 * configured.
 */
class GatewayGlobalRateLimitTest {

    private static final GatewayTestKit KIT = new GatewayTestKit();
    private static RedisServer redis;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("horizon-ratelimit-redis");
        redis = KIT.closeLater(new RedisServer(dir));
        String uri = "redis://127.0.0.1:" + redis.port();
        List<ServiceConfig> services = List.of(ServiceConfig.of("shop",
            List.of(new EndpointConfig(KIT.backend("shop").address(), 1, ""))));
        List<Route> routes = List.of(
            route("warm", global(1_000_000, uri, RateLimit.RedisDown.OPEN)),
            route("shared", global(100, uri, RateLimit.RedisDown.OPEN)),
            route("open", global(1, uri, RateLimit.RedisDown.OPEN)),
            route("closed", global(1, uri, RateLimit.RedisDown.CLOSED)));
        GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), routes, services);
        first = KIT.gateway(config);
        second = KIT.gateway(config);
        for (Gateway g : List.of(first, second)) {
            Eventually.await("the gateway's Redis connection answers", () -> answeredByRedis(g));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        KIT.close();
    }

    private static RateLimit global(long requests, String uri, RateLimit.RedisDown down) {
        return new RateLimit(requests, Duration.ofHours(1), requests, RateLimitKey.parse("route"),
            RateLimit.Scope.GLOBAL, RateLimit.Mode.ENFORCE, uri, down, true);
    }

    private static Route route(String name, RateLimit limit) {
        return new Route(name, new RouteMatch(null, "/" + name, null, null, Map.of(), Map.of(), Map.of()), "shop",
            limit);
    }

    private static boolean answeredByRedis(Gateway g) {
        try {
            return KIT.get(g, "/warm").headers().firstValue("RateLimit").isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void twoGatewaysSharingRedisAdmitOneQuotaBetweenThem() throws Exception {
        int admitted = 0;
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r = KIT.get(i % 2 == 0 ? first : second, "/shared");
            admitted += r.statusCode() == 200 ? 1 : 0;
        }
        assertThat(admitted).isBetween(95, 105);
        HttpResponse<String> limited = KIT.get(first, "/shared");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().allValues("RateLimit-Policy")).containsExactly("\"shared\";q=100;w=3600");
    }

    @Test
    void withRedisStoppedALimitFailsOpenOrClosedAsConfiguredAndCountsTheErrors() throws Exception {
        assertThat(KIT.get(first, "/open").statusCode()).isEqualTo(200);
        assertThat(KIT.get(first, "/open").statusCode()).isEqualTo(429);
        redis.stop();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(KIT.get(first, "/open").statusCode()).isEqualTo(200);
                HttpResponse<String> closed = KIT.get(first, "/closed");
                assertThat(closed.statusCode()).isEqualTo(429);
                assertThat(closed.headers().allValues("Retry-After")).containsExactly("1");
            }
            assertThat(first.metricsText())
                .contains("horizon_rate_limit_redis_errors_total{route=\"open\"} 3\n")
                .contains("horizon_rate_limit_redis_errors_total{route=\"closed\"} 3\n");
        } finally {
            redis.start();
        }
        Eventually.await("the gateway reconnects after the outage", () -> answeredByRedis(first));
    }
}
