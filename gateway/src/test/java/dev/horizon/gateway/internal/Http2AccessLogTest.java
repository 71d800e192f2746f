package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Http2Config;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** An HTTP/2 request (curl over h2c) is one access-log entry and one count in the metrics, as an HTTP/1.1 one. */
class Http2AccessLogTest {

    @Test
    void anH2RequestIsLoggedAndCounted() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (apt-get install curl)");
        ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> answerOnce(endpoint));
        ConcurrentLinkedQueue<ExchangeLog.Entry> log = new ConcurrentLinkedQueue<>();
        DataPlane plane = DataPlane.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:" + endpoint.getLocalPort(), 1,
                ""))))).withHttp2(new Http2Config(true, true, 100, 16_384, 65_535, 200,
                    Duration.ofSeconds(30), 10_000)), log::add);
        try {
            Process curl = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "-w", " %{http_version}",
                "http://127.0.0.1:" + plane.address().getPort() + "/items/7?q=1").start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(out).isEqualTo("ok 2");
            Eventually.await("the access-log entry", () -> !log.isEmpty());
            ExchangeLog.Entry e = log.peek();
            assertThat(e.method()).isEqualTo("GET");
            assertThat(e.path()).isEqualTo("/items/7");
            assertThat(e.route()).isEqualTo("all");
            assertThat(e.status()).isEqualTo(201);
            assertThat(e.bytesOut()).isEqualTo(2);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(AccessLog.format(e)).contains("\"status\":201");
            assertThat(plane.metricsText())
                .contains("horizon_requests_total{service=\"shop\",route=\"all\",code=\"201\"} 1");
        } finally {
            plane.shutdown(Duration.ofSeconds(1));
            endpoint.close();
        }
    }

    /** One HTTP/1.1 exchange: reads a head, answers 201 with "ok". */
    private static void answerOnce(ServerSocket endpoint) {
        try (Socket s = endpoint.accept()) {
            InputStream in = s.getInputStream();
            int last = 0;
            for (int b; (b = in.read()) >= 0;) {
                last = last << 8 | b;
                if (last == 0x0D0A0D0A) {
                    break;
                }
            }
            s.getOutputStream().write("HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            in.read(); // until the gateway closes or the test ends
        } catch (IOException e) {
            // the test ended
        }
    }
}
