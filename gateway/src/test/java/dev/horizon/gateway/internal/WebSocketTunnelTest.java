package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.WebSocketConfig;
import dev.horizon.gateway.WebSocketEchoServer;
import dev.horizon.gateway.WebSocketRecorder;
import dev.horizon.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket through the gateway end to end: Java's {@link WebSocket} client, the gateway, and a Netty WebSocket
 * server ({@link WebSocketEchoServer}): echo both ways, the metrics and the access-log line, the idle timeout and
 * the shutdown's Close frame 1001 to both sides, a refused handshake relayed as it is, a malformed one answered 400,
 * and an endpoint that dies mid-socket.
 */
class WebSocketTunnelTest {

    private final LinkedBlockingQueue<ExchangeLog.Entry> entries = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocketEchoServer echo = WebSocketEchoServer.start();
    private @Nullable DataPlane running;

    @AfterEach
    void stop() {
        DataPlane p = running;
        if (p != null) {
            p.shutdown(Duration.ofSeconds(1));
        }
        echo.close();
        http.close();
    }

    private DataPlane plane() {
        return Objects.requireNonNull(running, "start() first");
    }

    private void start(Duration idleTimeout) {
        ServiceConfig chat = ServiceConfig.of("chat", List.of(new EndpointConfig("127.0.0.1:" + echo.port(), 1, "")));
        GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("chat", RouteMatch.ANY, "chat")), List.of(chat))
            .withWebSocket(new WebSocketConfig(idleTimeout));
        running = DataPlane.start(config, entries::add);
    }

    private WebSocketRecorder connect(String path) {
        WebSocketRecorder c = new WebSocketRecorder();
        c.socket = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + plane().address().getPort() + path), c).join();
        return c;
    }

    @Test
    void relaysFramesBothWaysAndCountsTheTunnel() throws Exception {
        start(Duration.ofHours(1));
        WebSocketRecorder c = connect("/ws");

        c.ws().sendText("hello", true).join();
        assertThat(c.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: hello");
        c.ws().sendText("x".repeat(60_000), true).join();
        String big = c.texts.poll(5, TimeUnit.SECONDS);
        assertThat(big).as("the 60 000-character echo").isNotNull().hasSize(60_006).startsWith("echo: xxx");

        String metrics = plane().metricsText();
        assertThat(metrics).contains("horizon_websockets_open{service=\"chat\"} 1\n")
            .contains("horizon_websocket_upgrades_total{service=\"chat\"} 1\n")
            .doesNotContain("code=\"101\"");
        assertThat(entries).isEmpty(); // the line, and the request's count, come when the tunnel ends

        c.ws().sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        ExchangeLog.Entry line = entries.poll(5, TimeUnit.SECONDS);
        assertThat(line).isNotNull();
        assertThat(line.status()).isEqualTo(101);
        assertThat(line.path()).isEqualTo("/ws");
        assertThat(line.service()).isEqualTo("chat");
        assertThat(line.bytesOut()).isGreaterThan(60_000);
        assertThat(line.cause()).as("the client began the closing handshake").isEqualTo("client closed the connection");
        assertThat(echo.closeCodes).containsExactly(WebSocket.NORMAL_CLOSURE);
        Eventually.await("the tunnel is no longer counted open",
            () -> plane().metricsText().contains("horizon_websockets_open{service=\"chat\"} 0\n"));
        String after = plane().metricsText();
        assertThat(after).contains("horizon_requests_total{service=\"chat\",route=\"chat\",code=\"101\"} 1\n");
        assertThat(bytes(after, "to_endpoint")).isGreaterThan(60_000);
        assertThat(bytes(after, "to_client")).isEqualTo(line.bytesOut());
    }

    @Test
    void anIdleTunnelGetsGoingAwayOnBothSides() throws Exception {
        start(Duration.ofMillis(400));
        WebSocketRecorder c = connectAndEcho("once");

        assertGoingAway(c, "idle timeout");
    }

    @Test
    void shutdownSendsGoingAwayAndDrainsCleanly() throws Exception {
        start(Duration.ofHours(1));
        WebSocketRecorder c = connectAndEcho("before");

        boolean clean = plane().shutdown(Duration.ofSeconds(5));
        running = null;

        assertThat(clean).isTrue();
        assertGoingAway(c, "gateway shutdown");
    }

    /** Connects to {@code /ws} and checks one echo. */
    private WebSocketRecorder connectAndEcho(String text) throws InterruptedException {
        WebSocketRecorder c = connect("/ws");
        c.ws().sendText(text, true).join();
        assertThat(c.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: " + text);
        return c;
    }

    /** Both sides got Close 1001 with {@code reason}, and the access-log line says it. */
    private void assertGoingAway(WebSocketRecorder c, String reason) throws Exception {
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(c.reason).isEqualTo(reason);
        Eventually.await("the endpoint got Close 1001", () -> echo.closeCodes.contains(1001));
        ExchangeLog.Entry line = entries.poll(5, TimeUnit.SECONDS);
        assertThat(line).isNotNull();
        assertThat(line.cause()).isEqualTo(reason);
    }

    @Test
    void anEndpointThatRefusesTheHandshakeIsRelayedAsAnOrdinaryResponse() throws Exception {
        start(Duration.ofHours(1));

        CompletableFuture<WebSocket> refused = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + plane().address().getPort() + "/elsewhere"),
                new WebSocketRecorder());

        assertThat(refused).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
            .havingRootCause().withMessage("Unexpected HTTP response status code 403");
        assertThat(plane().metricsText()).doesNotContain("horizon_websocket_upgrades_total{");
        ExchangeLog.Entry line = entries.poll(5, TimeUnit.SECONDS);
        assertThat(line).isNotNull();
        assertThat(line.status()).isEqualTo(403);
    }

    @Test
    void aMalformedHandshakeIsAnswered400AndNeverReachesTheEndpoint() throws Exception {
        start(Duration.ofHours(1));
        String head = "Host: chat\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";

        String noKey = raw("GET /ws HTTP/1.1\r\n" + head + "\r\n");
        String post = raw("POST /ws HTTP/1.1\r\n" + head + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Content-Length: 0\r\n\r\n");
        String shortKey = raw("GET /ws HTTP/1.1\r\n" + head + "Sec-WebSocket-Key: c2hvcnQ=\r\n\r\n");

        assertThat(noKey).startsWith("HTTP/1.1 400 ").contains("WebSocket handshake without Sec-WebSocket-Key");
        assertThat(post).startsWith("HTTP/1.1 400 ").contains("WebSocket handshake with method POST (expected: GET)");
        assertThat(shortKey).startsWith("HTTP/1.1 400 ")
            .contains("WebSocket handshake with an invalid Sec-WebSocket-Key (expected: 16 bytes in base64)");
        assertThat(echo.requests).hasValue(0);
    }

    @Test
    void framesSentRightBehindTheHandshakeReachTheEndpointAfterItsAnswer() throws Exception {
        start(Duration.ofHours(1));
        byte[] handshake = ("GET /ws HTTP/1.1\r\nHost: chat\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        // a masked text frame "hi" (RFC 6455 §5.7), sent before the 101 arrives
        byte[] frame = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};

        try (Socket s = new Socket("127.0.0.1", plane().address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(handshake);
            out.write(frame);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            byte[] echoed = in.readNBytes(10);

            assertThat(head.toString()).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("\r\nconnection: upgrade\r\nupgrade: websocket\r\n")
                .containsIgnoringCase("\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .contains("\r\nx-request-id: ");
            assertThat(echoed).containsExactly(0x81, 8, 'e', 'c', 'h', 'o', ':', ' ', 'h', 'i');
        }
    }

    @Test
    void anEndpointThatDiesMidSocketClosesTheClient() throws Exception {
        start(Duration.ofHours(1));
        WebSocketRecorder c = connectAndEcho("ping");

        echo.dropConnections();

        c.closed.handle((code, error) -> code).get(5, TimeUnit.SECONDS);
        ExchangeLog.Entry line = entries.poll(5, TimeUnit.SECONDS);
        assertThat(line).isNotNull();
        assertThat(line.status()).isEqualTo(101);
        assertThat(line.cause()).as("all lines: %s", entries).isEqualTo("endpoint closed the connection");
        Eventually.await("the tunnel is no longer counted open",
            () -> plane().metricsText().contains("horizon_websockets_open{service=\"chat\"} 0\n"));
    }

    private static long bytes(String metrics, String direction) {
        String prefix = "horizon_websocket_bytes_total{service=\"chat\",direction=\"" + direction + "\"} ";
        int at = metrics.indexOf(prefix) + prefix.length();
        return Long.parseLong(metrics.substring(at, metrics.indexOf('\n', at)));
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", plane().address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                received.write(buf, 0, n);
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
