package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://} through the TLS listener: Java's WebSocket client, verifying the gateway's certificate, talks to a
 * Netty WebSocket endpoint behind it, both ways, and a shutdown says Going Away (1001).
 */
class GatewayWebSocketTlsTest {

    @TempDir
    Path dir;

    @Test
    void echoesOverTlsAndSaysGoingAwayAtShutdown() throws Exception {
        TestCertificates.assumeOpenssl();
        TestCertificates certs = new TestCertificates(dir);
        TlsConfig.Certificate cert = certs.leaf("ws", TestCertificates.Key.EC_P256, 0x4004, false, "ws.test",
            "127.0.0.1");
        try (WebSocketEchoServer echo = WebSocketEchoServer.start();
            HttpClient http = HttpClient.newBuilder().sslContext(certs.trustingCa()).build()) {
            GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Route("chat", RouteMatch.ANY, "chat")),
                List.of(ServiceConfig.of("chat", List.of(new EndpointConfig("127.0.0.1:" + echo.port(), 1, "")))))
                .withTls(TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(cert)));
            Gateway g = Gateway.start(config);
            int port = Objects.requireNonNull(g.tlsAddress(), "tls listener").getPort();
            WebSocketRecorder l = new WebSocketRecorder();

            WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + port + "/ws"), l).get(5, TimeUnit.SECONDS);
            ws.sendText("over tls", true).join();

            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: over tls");
            assertThat(g.shutdown(Duration.ofSeconds(5))).isTrue();
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(echo.closeCodes).containsExactly(1001);
        }
    }
}
