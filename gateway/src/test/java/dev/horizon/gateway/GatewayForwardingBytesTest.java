package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes the gateway sends each way, end to end over real sockets: a backend that writes scripted raw
 * responses and records the raw requests, and a raw client.
 */
class GatewayForwardingBytesTest {

    private final GatewayTestKit kit = new GatewayTestKit();

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private Gateway gateway(RawBackend backend) {
        ServiceConfig shop = new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null, null,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            List.of(new EndpointConfig(backend.address(), 1, "")));
        Route route = new Route("shop", new RouteMatch(null, "/c", null, null, Map.of(), Map.of(), Map.of()), "shop");
        return kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(route), List.of(shop)));
    }

    @Test
    void chunkedResponseIsReChunkedWithItsTrailersAndWithoutHopByHopFields() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: keep-alive, X-Internal\r\nX-Internal: secret\r\nKeep-Alive: timeout=5\r\n"
            + "X-Request-Id: backend-id\r\nContent-Type: text/plain\r\nTrailer: X-Checksum\r\n\r\n"
            + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n", false));
        Gateway g = gateway(backend);

        String response = GatewayTestKit.raw(g, "GET /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: rid-1\r\n"
            + "Connection: close\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            + "transfer-encoding: chunked\r\nx-request-id: rid-1\r\nvia: 1.1 horizon\r\nconnection: close\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n");
    }

    @Test
    void closeDelimitedBodyReachesAnHttp11ClientChunkedAndAnHttp10ClientAsIs() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true));
        Gateway g = gateway(backend);

        String http11 = GatewayTestKit.raw(g, "GET /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: r11\r\n"
            + "Connection: close\r\n\r\n");
        String http10 = GatewayTestKit.raw(g, "GET /c HTTP/1.0\r\nHost: s\r\nX-Request-Id: r10\r\n\r\n");

        String head11 = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ntransfer-encoding: chunked\r\n"
            + "x-request-id: r11\r\nvia: 1.1 horizon\r\nconnection: close\r\n\r\n";
        assertThat(http11).startsWith(head11).endsWith("\r\n0\r\n\r\n");
        assertThat(dechunk(http11.substring(head11.length()))).isEqualTo("until the end");
        assertThat(http10).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx-request-id: r10\r\n"
            + "via: 1.1 horizon\r\nconnection: close\r\n\r\nuntil the end");
    }

    @Test
    void responseWithAmbiguousFramingIsNeverForwardedAndTheClientGets502NamingIt() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nhello", false));
        Gateway g = gateway(backend); // one endpoint: nothing to retry on

        String response = GatewayTestKit.raw(g, "GET /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: bad-1\r\n"
            + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n").endsWith("\r\n\r\n{\"status\":502,"
            + "\"error\":\"Bad Gateway\",\"cause\":\"endpoint " + backend.address() + " sent an invalid response: "
            + "both Content-Length and Transfer-Encoding\",\"request_id\":\"bad-1\"}\n");
    }

    @Test
    void chunkedRequestBodyAndItsTrailersReachTheBackendExactly() throws Exception {
        RawBackend backend = kit.closeLater(new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false,
            r -> r.endsWith("\r\n\r\n") && r.contains("\r\n0\r\n")));
        Gateway g = gateway(backend);

        String response = GatewayTestKit.raw(g, "POST /c/p HTTP/1.1\r\nHost: s\r\nX-Request-Id: r-6\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n3\r\n!!!\r\n0\r\nX-T: 1\r\n\r\n");

        assertThat(response).endsWith("\r\n\r\nok");
        assertThat(backend.received()).containsExactly("POST /c/p HTTP/1.1\r\nHost: s\r\n"
            + "x-forwarded-for: 127.0.0.1\r\nx-forwarded-proto: http\r\nx-forwarded-host: s\r\n"
            + "forwarded: for=127.0.0.1;proto=http;host=\"s\"\r\nx-request-id: r-6\r\nvia: 1.1 horizon\r\n"
            + "transfer-encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\n!!!\r\n0\r\nX-T: 1\r\n\r\n");
    }

    @Test
    void gatewayErrorAnsweringHeadHasItsHeadOnlyAndTheConnectionServesTheNextRequest() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            false));
        Gateway g = gateway(backend);

        String response = GatewayTestKit.raw(g, "HEAD /nowhere HTTP/1.1\r\nHost: s\r\nX-Request-Id: h-1\r\n\r\n"
            + "GET /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: h-2\r\nConnection: close\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n"
            + "content-length: 106\r\ncache-control: no-store\r\nx-request-id: h-1\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: h-2\r\nvia: 1.1 horizon\r\n"
            + "connection: close\r\n\r\nok");
    }

    @Test
    void bytesAnEndpointSendsBeyondItsResponseAreNeverTakenForTheNextRequestsAnswer() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nPOISON", false));
        Gateway g = gateway(backend);

        String response = GatewayTestKit.raw(g, "GET /c/1 HTTP/1.1\r\nHost: s\r\nX-Request-Id: p-1\r\n\r\n"
            + "GET /c/2 HTTP/1.1\r\nHost: s\r\nX-Request-Id: p-2\r\nConnection: close\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: p-1\r\n"
            + "via: 1.1 horizon\r\n\r\nok"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: p-2\r\nvia: 1.1 horizon\r\n"
            + "connection: close\r\n\r\nok");
    }

    @Test
    void invalidBodyArrivingWithItsHeadStillGetsTheClientA502() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", false));
        Gateway g = gateway(backend);

        String response = GatewayTestKit.raw(g, "GET /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: z-1\r\n"
            + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("\"cause\":\"endpoint "
            + backend.address() + " sent an invalid response: invalid chunk size\"");
    }

    @Test
    void endpointNamingContentLengthInConnectionCannotUnframeTheResponse() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n"
            + "Connection: Content-Length, X-Hop\r\nX-Hop: 1\r\nContent-Length: 5\r\n\r\nhello", false));
        Gateway g = gateway(backend);

        String response = GatewayTestKit.raw(g, "GET /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: l-1\r\n"
            + "Connection: close\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-request-id: l-1\r\n"
            + "via: 1.1 horizon\r\nconnection: close\r\n\r\nhello");
    }

    @Test
    void interimContinueReachesOnlyClientsThatAskedForIt() throws Exception {
        RawBackend backend = kit.closeLater(new RawBackend("HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false, r -> r.endsWith("\r\n\r\nhi")));
        Gateway g = gateway(backend);

        String http10 = GatewayTestKit.raw(g, "PUT /c HTTP/1.0\r\nX-Request-Id: e-1\r\nExpect: 100-continue\r\n"
            + "Content-Length: 2\r\n\r\nhi");

        assertThat(http10).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: e-1\r\n"
            + "via: 1.1 horizon\r\nconnection: close\r\n\r\nok");
    }

    @Test
    void responseBeforeTheRequestBodyClosesTheConnectionAfterIt() throws Exception {
        RawBackend backend = kit.closeLater(RawBackend.answering(
            "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n", false));
        Gateway g = gateway(backend);

        // the client is told no and never sends its body; the next bytes it sends must not be read as that body
        String response = GatewayTestKit.raw(g, "POST /c HTTP/1.1\r\nHost: s\r\nX-Request-Id: x-1\r\n"
            + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n"
            + "x-request-id: x-1\r\nvia: 1.1 horizon\r\nconnection: close\r\n\r\n");
    }

    /** The data of a chunked body, without extensions or trailers. */
    private static String dechunk(String body) {
        StringBuilder data = new StringBuilder();
        int i = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, lineEnd), 16);
            if (size == 0) {
                return data.toString();
            }
            data.append(body, lineEnd + 2, lineEnd + 2 + size);
            i = lineEnd + 2 + size + 2;
        }
    }
}
