package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Route matching end to end, over real sockets: host (exact, case-insensitive, port ignored, and {@code *.} for
 * subdomains), header, cookie and query conditions, all of a route's conditions at once, first match wins, and the
 * gateway's own 404 when nothing matches.
 */
class GatewayRoutingTest {

    private static final GatewayTestKit KIT = new GatewayTestKit();
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        String[] names = {"admin", "wild", "canary", "beta", "v2", "both", "rest"};
        List<ServiceConfig> services = new java.util.ArrayList<>();
        for (String n : names) {
            services.add(ServiceConfig.of(n, List.of(new EndpointConfig(KIT.backend(n).address(), 1, ""))));
        }
        List<Route> routes = List.of(
            route("admin", new RouteMatch("admin.shop.test", null, null, null, Map.of(), Map.of(), Map.of())),
            route("wild", new RouteMatch("*.shop.test", null, null, null, Map.of(), Map.of(), Map.of())),
            route("both", new RouteMatch(null, "/both", null, "POST", Map.of("X-Canary", "1"), Map.of(), Map.of())),
            route("canary", new RouteMatch(null, null, null, null, Map.of("X-Canary", "1"), Map.of(), Map.of())),
            route("beta", new RouteMatch(null, null, null, null, Map.of(), Map.of("beta", "yes"), Map.of())),
            route("v2", new RouteMatch(null, "/api/", null, null, Map.of(), Map.of(), Map.of("v", "2 beta"))),
            route("rest", new RouteMatch(null, "/api/", null, null, Map.of(), Map.of(), Map.of())));
        gateway = KIT.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), routes, services));
    }

    @AfterAll
    static void stop() throws Exception {
        KIT.close();
    }

    private static Route route(String service, RouteMatch match) {
        return new Route(service, match, service);
    }

    /** The name of the backend that answered, or the gateway's status line when it answered itself. */
    private static String servedBy(String method, String target, String... headerLines) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        boolean host = false;
        for (String h : headerLines) {
            head.append(h).append("\r\n");
            host |= h.regionMatches(true, 0, "Host:", 0, 5);
        }
        if (!host) {
            head.append("Host: plain.test\r\n");
        }
        head.append(method.equals("POST") ? "Content-Length: 0\r\n" : "").append("Connection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", gateway.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            String all = GatewayTestKit.readAll(s.getInputStream());
            return all.startsWith("HTTP/1.1 200") ? all.substring(all.indexOf("\r\n\r\n") + 4)
                : all.substring(0, all.indexOf("\r\n"));
        }
    }

    @Test
    void hostMatchesExactlyIgnoringCaseAndPort() throws IOException {
        assertThat(servedBy("GET", "/api/x", "Host: admin.shop.test")).isEqualTo("admin");
        assertThat(servedBy("GET", "/api/x", "Host: ADMIN.Shop.Test:8080")).isEqualTo("admin");
    }

    @Test
    void aWildcardHostMatchesSubdomainsButNotTheDomainItself() throws IOException {
        assertThat(servedBy("GET", "/api/x", "Host: www.shop.test")).isEqualTo("wild");
        assertThat(servedBy("GET", "/api/x", "Host: a.b.shop.test")).isEqualTo("wild");
        assertThat(servedBy("GET", "/api/x", "Host: shop.test")).isEqualTo("rest");
        assertThat(servedBy("GET", "/api/x", "Host: evilshop.test")).isEqualTo("rest");
    }

    @Test
    void aHeaderMatchesByValueWithItsNameInAnyCase() throws IOException {
        assertThat(servedBy("GET", "/anything", "x-canary: 1")).isEqualTo("canary");
        assertThat(servedBy("GET", "/api/x", "X-Canary: 2")).isEqualTo("rest");
    }

    @Test
    void aCookieMatchesByExactValueAmongOthers() throws IOException {
        assertThat(servedBy("GET", "/x", "Cookie: a=1; beta=yes; c=3")).isEqualTo("beta");
        assertThat(servedBy("GET", "/api/x", "Cookie: beta=no")).isEqualTo("rest");
        assertThat(servedBy("GET", "/api/x", "Cookie: notbeta=yes")).isEqualTo("rest");
    }

    @Test
    void aQueryParameterMatchesByItsDecodedValue() throws IOException {
        assertThat(servedBy("GET", "/api/x?a=1&v=2%20beta")).isEqualTo("v2");
        assertThat(servedBy("GET", "/api/x?v=2+beta")).isEqualTo("v2");
        assertThat(servedBy("GET", "/api/x?v=2")).isEqualTo("rest");
    }

    @Test
    void everyConditionOfARouteMustHoldAndTheFirstMatchWins() throws IOException {
        assertThat(servedBy("POST", "/both/x", "X-Canary: 1")).isEqualTo("both");
        assertThat(servedBy("GET", "/both/x", "X-Canary: 1")).as("method differs: the next route").isEqualTo("canary");
        assertThat(servedBy("POST", "/both/x")).isEqualTo("HTTP/1.1 404 Not Found");
    }

    @Test
    void aRequestNoRouteTakesGetsTheGateways404() throws IOException {
        assertThat(servedBy("GET", "/elsewhere")).isEqualTo("HTTP/1.1 404 Not Found");
    }
}
