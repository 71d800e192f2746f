package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin listener holds silent and trickling connections no longer than the gateway's request-headers timeout. */
class AdminHeadDeadlineTest {

    private Gateway gateway;
    private AdminServer admin;

    @BeforeEach
    void start() {
        GatewayConfig base = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:1", 1, "")))));
        gateway = Gateway.start(base.withTimeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ZERO)));
        admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), () -> gateway, () -> { }, name -> null,
            "s3cret", System::nanoTime);
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdown(Duration.ZERO);
    }

    @Test
    void aSilentConnectionGets408AndIsClosed() throws IOException {
        try (Socket s = new Socket("127.0.0.1", admin.address().getPort())) {
            s.setSoTimeout(5_000);
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .endsWith("{\"error\":\"request not received within 300 ms\"}\n");
        }
    }

    @Test
    void aTricklingHeadGets408() throws Exception {
        try (Socket s = new Socket("127.0.0.1", admin.address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            // a head that trickles in a byte at a time and never ends, until the admin API gives up on it
            byte[] head = "GET /admin/services HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            try {
                for (byte b : head) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(40);
                }
            } catch (IOException closed) {
                // the answer came and the connection closed while the client was still sending
            }
            InputStream in = s.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("HTTP/1.1 408 Request Timeout\r\n");
        }
    }

    @Test
    void aHeadFollowedByATrickledBodyGets408() throws Exception {
        try (Socket s = new Socket("127.0.0.1", admin.address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /admin/reload HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 30; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(40);
                }
            } catch (IOException closed) {
                // the answer came and the connection closed while the client was still sending
            }
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("HTTP/1.1 408 Request Timeout\r\n");
        }
    }
}
