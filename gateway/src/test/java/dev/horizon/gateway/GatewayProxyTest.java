package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy end to end: real backends on loopback, a real gateway, a real HTTP client or raw sockets. */
class GatewayProxyTest {

    private final GatewayTestKit kit = new GatewayTestKit();

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private TestBackend backend(String name) {
        return kit.backend(name);
    }

    private Gateway gateway(List<Route> routes, ServiceConfig... services) {
        return kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), routes, List.of(services)));
    }

    private static ServiceConfig service(String name, Algorithm algorithm, EndpointConfig... endpoints) {
        return new ServiceConfig(name, algorithm, HashOn.CLIENT_IP, 0, null, null, OutlierDetection.DEFAULTS,
            RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT, List.of(endpoints));
    }

    private static Route all(String service) {
        return new Route("all", RouteMatch.ANY, service);
    }

    private HttpResponse<String> get(Gateway g, String path, String... headers) throws Exception {
        return kit.get(g, path, headers);
    }

    @Test
    void smoothWeightedRoundRobinSequenceThroughTheProxy() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TestBackend c = backend("c");
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.WEIGHTED_ROUND_ROBIN,
            new EndpointConfig(a.address(), 5, ""), new EndpointConfig(b.address(), 1, ""),
            new EndpointConfig(c.address(), 1, "")));

        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            sequence.append(get(g, "/").body());
        }

        assertThat(sequence.toString()).isEqualTo("aabacaaaabacaa");
    }

    @Test
    void unmatchedRequestGets404WithJsonNamingHostAndPath() throws Exception {
        TestBackend a = backend("a");
        Gateway g = gateway(List.of(new Route("api", new RouteMatch(null, "/api/", null, null, Map.of(), Map.of(),
            Map.of()), "shop")), service("shop", Algorithm.ROUND_ROBIN, new EndpointConfig(a.address(), 1, "")));

        HttpResponse<String> r = get(g, "/nope?x=1");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        String id = r.headers().firstValue("x-request-id").orElseThrow();
        assertThat(r.body()).isEqualTo("{\"status\":404,\"error\":\"Not Found\",\"cause\":\"no route for host "
            + "'127.0.0.1' and path '/nope'\",\"request_id\":\"" + id + "\"}\n");
        assertThat(get(g, "/api/items").body()).isEqualTo("a");
    }

    @Test
    void deadEndpointIsRetriedOnAnotherAndAllGetsSucceed() throws Exception {
        TestBackend live = backend("live");
        TestBackend dead = new TestBackend("dead");
        String deadAddress = dead.address();
        dead.close();
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(deadAddress, 1, ""), new EndpointConfig(live.address(), 1, "")));

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = get(g, "/item/" + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("live");
        }
    }

    @Test
    void onlyEndpointDownGives502NamingTheCause() throws Exception {
        TestBackend dead = new TestBackend("dead");
        String deadAddress = dead.address();
        dead.close();
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(deadAddress, 1, "")));

        HttpResponse<String> r = get(g, "/");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("\"cause\":\"connect to " + deadAddress + " failed");
    }

    @Test
    void forwardingHeadersAreSetAndSpoofedOnesReplaced() throws Exception {
        TestBackend a = backend("a");
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(a.address(), 1, "")));

        HttpResponse<String> r = get(g, "/x", "X-Forwarded-For", "6.6.6.6", "X-Request-Id", "abc-123",
            "Forwarded", "for=6.6.6.6");

        TestBackend.Seen seen = a.seen().get(0);
        assertThat(seen.header("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.header("x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.header("forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:"
            + g.address().getPort() + "\"");
        assertThat(seen.header("x-request-id")).isEqualTo("abc-123");
        assertThat(seen.header("via")).isEqualTo("1.1 horizon");
        assertThat(r.headers().firstValue("x-request-id")).hasValue("abc-123");
        assertThat(r.headers().firstValue("via")).hasValue("1.1 horizon");
    }

    @Test
    void hopByHopHeadersNeverReachTheBackend() throws Exception {
        TestBackend a = backend("a");
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(a.address(), 1, "")));

        String response = raw(g, "GET /h HTTP/1.1\r\nHost: shop\r\nConnection: keep-alive, X-Secret\r\n"
            + "X-Secret: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: x\r\nX-Kept: yes\r\n"
            + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        TestBackend.Seen seen = a.seen().get(0);
        assertThat(seen.headers().keySet()).doesNotContain("x-secret", "keep-alive", "te", "proxy-authorization");
        assertThat(seen.header("x-kept")).isEqualTo("yes");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        TestBackend a = new TestBackend(seen -> TestBackend.Reply.ok(seen.uri())
            .delayed(seen.uri().equals("/1") ? 200 : 0));
        kit.closeLater(a);
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(a.address(), 1, "")));

        String response = raw(g, "GET /1 HTTP/1.1\r\nHost: s\r\n\r\nGET /2 HTTP/1.1\r\nHost: s\r\n\r\n"
            + "GET /3 HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n");

        int one = response.indexOf("\r\n\r\n/1");
        int two = response.indexOf("\r\n\r\n/2");
        int three = response.indexOf("\r\n\r\n/3");
        assertThat(one).isPositive();
        assertThat(two).isGreaterThan(one);
        assertThat(three).isGreaterThan(two);
    }

    @Test
    void headResponseHasHeadersButNoBody() throws Exception {
        TestBackend a = backend("hello");
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(a.address(), 1, "")));

        String response = raw(g, "HEAD / HTTP/1.1\r\nHost: s\r\n\r\nGET / HTTP/1.1\r\nHost: s\r\n"
            + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        assertThat(response).endsWith("\r\n\r\nhello");
    }

    @Test
    void postBodyIsForwardedAndMalformedRequestNeverReachesTheBackend() throws Exception {
        TestBackend echo = new TestBackend(seen -> TestBackend.Reply.ok(seen.method() + ":" + seen.body()));
        kit.closeLater(echo);
        Gateway g = gateway(List.of(all("shop")), service("shop", Algorithm.ROUND_ROBIN,
            new EndpointConfig(echo.address(), 1, "")));

        String chunked = raw(g, "POST /p HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
            + "\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 200 OK\r\n").endsWith("POST:hello world");

        String smuggled = raw(g, "POST /p HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: s\r\n\r\n");
        assertThat(smuggled).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(echo.seen()).hasSize(1);
    }

    private static String raw(Gateway g, String request) throws IOException {
        return GatewayTestKit.raw(g, request);
    }
}
