package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers end to end: a client behind a trusted proxy keeps the chain it brings (the gateway appends its
 * peer), one behind an untrusted proxy has it replaced by what the gateway saw, so nobody can spoof an address.
 */
class GatewayForwardedHeadersTest {

    private static final String SPOOFED = "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n"
        + "X-Forwarded-Host: shop.example\r\nForwarded: for=6.6.6.6;proto=https\r\nX_Forwarded_For: 7.7.7.7\r\n";

    private final GatewayTestKit kit = new GatewayTestKit();

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private Map<String, List<String>> forwarded(List<String> trustedProxies) throws IOException {
        TestBackend backend = kit.backend("b");
        GatewayConfig base = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(backend.address(), 1, "")))));
        Gateway g = kit.gateway(new GatewayConfig(base.listen(), base.timeouts(), trustedProxies, base.maxConnections(),
            base.drainTimeout(), 1, false, base.routes(), base.services()));
        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: gw.test\r\n" + SPOOFED + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(GatewayTestKit.readAll(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
        }
        return backend.seen().get(0).headers();
    }

    @Test
    void behindATrustedProxyTheChainIsKeptAndThePeerAppended() throws IOException {
        Map<String, List<String>> h = forwarded(List.of("127.0.0.1/32"));

        // the peer is appended as a field line of its own, which RFC 9110 §5.3 makes the same list
        assertThat(h.get("x-forwarded-for")).containsExactly("6.6.6.6", "127.0.0.1");
        assertThat(h.get("x-forwarded-proto")).containsExactly("https");
        assertThat(h.get("x-forwarded-host")).containsExactly("shop.example");
        assertThat(h.get("forwarded"))
            .containsExactly("for=6.6.6.6;proto=https", "for=127.0.0.1;proto=http;host=\"gw.test\"");
    }

    @Test
    void behindAnUntrustedProxyTheHeadersAreReplaced() throws IOException {
        Map<String, List<String>> h = forwarded(List.of());

        assertThat(h.get("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(h.get("x-forwarded-proto")).containsExactly("http");
        assertThat(h.get("x-forwarded-host")).containsExactly("gw.test");
        assertThat(h.get("forwarded")).containsExactly("for=127.0.0.1;proto=http;host=\"gw.test\"");
        assertThat(h).as("an application behind CGI or WSGI reads X_Forwarded_For as X-Forwarded-For")
            .doesNotContainKey("x_forwarded_for");
    }
}
