package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local rate limits end to end over real sockets: the exact 429 (body, {@code Retry-After}, {@code RateLimit-Policy},
 * {@code RateLimit}), the {@code RateLimit} field on admitted answers, keys by client address, header and cookie,
 * shadow mode, {@code headers: false}, and the counters. Quotas are per hour, so the test's own run time never
 * refills a token and every number is exact.
 */
class GatewayRateLimitTest {

    private static final GatewayTestKit KIT = new GatewayTestKit();
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        List<ServiceConfig> services = List.of(ServiceConfig.of("shop",
            List.of(new EndpointConfig(KIT.backend("shop").address(), 1, ""))));
        Duration hour = Duration.ofHours(1);
        RateLimit.Scope local = RateLimit.Scope.LOCAL;
        RateLimit.RedisDown open = RateLimit.RedisDown.OPEN;
        List<Route> routes = List.of(
            route("login", RateLimit.local(3, hour)),
            route("api", new RateLimit(1, hour, 1, RateLimitKey.parse("header:X-Api-Key"), local,
                RateLimit.Mode.ENFORCE, null, open, true)),
            route("cart", new RateLimit(1, hour, 1, RateLimitKey.parse("cookie:session"), local,
                RateLimit.Mode.ENFORCE, null, open, true)),
            route("trial", new RateLimit(1, hour, 1, RateLimitKey.CLIENT_IP, local, RateLimit.Mode.SHADOW, null,
                open, true)),
            route("quiet", new RateLimit(2, hour, 2, RateLimitKey.parse("route"), local, RateLimit.Mode.ENFORCE,
                null, open, false)),
            new Route("free", new RouteMatch(null, "/free", null, null, Map.of(), Map.of(), Map.of()), "shop"));
        gateway = KIT.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), routes, services));
    }

    @AfterAll
    static void stop() throws Exception {
        KIT.close();
    }

    private static Route route(String name, RateLimit limit) {
        return new Route(name, new RouteMatch(null, "/" + name, null, null, Map.of(), Map.of(), Map.of()), "shop",
            limit);
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return KIT.get(gateway, path, headers);
    }

    @Test
    void aClientOverItsQuotaGetsTheExact429AndAdmittedAnswersCarryRateLimit() throws Exception {
        String[] expected = {"\"login\";r=2;t=1200", "\"login\";r=1;t=2400", "\"login\";r=0;t=3600"};
        long limitedBefore = recorded(ServicesView.RecordedSecond::limited);
        long okBefore = recorded(ServicesView.RecordedSecond::ok);
        long timedBefore = metric("horizon_request_duration_seconds_count{service=\"shop\"} ");
        for (String field : expected) {
            HttpResponse<String> ok = get("/login");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().allValues("RateLimit")).containsExactly(field);
            assertThat(ok.headers().firstValue("RateLimit-Policy")).isEmpty();
        }
        HttpResponse<String> limited = get("/login");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body())
            .isEqualTo("{\"error\":\"rate limited\",\"limit\":\"login\",\"retry_after_s\":1200}\n");
        assertThat(limited.headers().allValues("Retry-After")).containsExactly("1200");
        assertThat(limited.headers().allValues("RateLimit-Policy")).containsExactly("\"login\";q=3;w=3600");
        assertThat(limited.headers().allValues("RateLimit")).containsExactly("\"login\";r=0;t=1200");
        assertThat(limited.headers().allValues("Content-Type")).containsExactly("application/json");
        // the gateway counts an exchange just after its last byte left, so the client may read the 429 first. It is
        // counted under the route's service, which the gateway answered for; the latency histogram holds the three 200s
        Eventually.await("the 429 counted", () -> gateway.metricsText()
            .contains("horizon_requests_total{service=\"shop\",route=\"login\",code=\"429\"} 1\n"));
        Eventually.await("the three 200s timed, the 429 not", () -> metric(
            "horizon_request_duration_seconds_count{service=\"shop\"} ") - timedBefore == 3);
        assertThat(gateway.metricsText())
            .contains("horizon_rate_limit_allowed_total{route=\"login\"} 3\n")
            .contains("horizon_rate_limit_limited_total{route=\"login\"} 1\n");
        assertThat(recorded(ServicesView.RecordedSecond::limited) - limitedBefore)
            .as("the 429 in the route's service's per-second recording").isEqualTo(1);
        Eventually.await("the three 200s recorded", () -> recorded(ServicesView.RecordedSecond::ok) - okBefore == 3);
    }

    /** The value of the metrics line that starts with {@code prefix}, 0 when there is none. */
    private static long metric(String prefix) {
        return gateway.metricsText().lines().filter(l -> l.startsWith(prefix))
            .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).trim())).findFirst().orElse(0);
    }

    /** A column of the shop service's per-second recording, summed over every second it holds. */
    private static long recorded(java.util.function.ToLongFunction<ServicesView.RecordedSecond> column) {
        return java.util.Objects.requireNonNull(gateway.services().recording("shop", 0)).stream().mapToLong(column)
            .sum();
    }

    @Test
    void aHeaderKeyGivesEachValueItsOwnQuota() throws Exception {
        assertThat(get("/api", "X-Api-Key", "alice").statusCode()).isEqualTo(200);
        assertThat(get("/api", "X-Api-Key", "alice").statusCode()).isEqualTo(429);
        assertThat(get("/api", "X-Api-Key", "bob").statusCode()).isEqualTo(200);
        assertThat(get("/api").statusCode()).isEqualTo(200);
        assertThat(get("/api").statusCode()).isEqualTo(429);
    }

    @Test
    void aCookieKeyGivesEachValueItsOwnQuota() throws Exception {
        assertThat(get("/cart", "Cookie", "session=s1").statusCode()).isEqualTo(200);
        assertThat(get("/cart", "Cookie", "theme=dark; session=s1").statusCode()).isEqualTo(429);
        assertThat(get("/cart", "Cookie", "session=s2").statusCode()).isEqualTo(200);
    }

    @Test
    void shadowModeOnlyCounts() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get("/trial");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit")).isEmpty();
        }
        assertThat(gateway.metricsText())
            .contains("horizon_rate_limit_allowed_total{route=\"trial\"} 1\n")
            .contains("horizon_rate_limit_shadow_total{route=\"trial\"} 2\n")
            .contains("horizon_rate_limit_limited_total{route=\"trial\"} 0\n");
    }

    @Test
    void withoutHeadersAdmittedAnswersCarryNoFieldsButTheLimited429Does() throws Exception {
        assertThat(get("/quiet").headers().firstValue("RateLimit")).isEmpty();
        assertThat(get("/quiet").headers().firstValue("RateLimit")).isEmpty();
        HttpResponse<String> limited = get("/quiet");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().allValues("RateLimit")).containsExactly("\"quiet\";r=0;t=1800");
    }

    @Test
    void aRouteWithoutALimitIsNeverLimited() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = get("/free");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit")).isEmpty();
        }
        assertThat(gateway.metricsText()).doesNotContain("route=\"free\"} ");
    }
}
