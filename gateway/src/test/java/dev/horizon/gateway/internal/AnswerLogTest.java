package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.HashOn;
import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The access-log entry of an answer the gateway gives without a whole request (a 408, a 400): what was parsed of
 * the request, the bytes of the answer's body and the time since the request's first byte.
 */
class AnswerLogTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(300);

    private final LinkedBlockingQueue<ExchangeLog.Entry> entries = new LinkedBlockingQueue<>();
    private final DataPlane plane = DataPlane.start(config(), entries::add);

    @AfterEach
    void stop() {
        plane.shutdown(Duration.ofSeconds(1));
    }

    private static GatewayConfig config() {
        ServiceConfig shop = new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null, null,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            List.of(new EndpointConfig("127.0.0.1:9", 1, "")));
        Timeouts timeouts = new Timeouts(Duration.ofSeconds(2), HEAD_TIMEOUT, Duration.ofSeconds(60),
            Duration.ofSeconds(30), Duration.ZERO);
        return new GatewayConfig(new InetSocketAddress("127.0.0.1", 0), timeouts, List.of(), 100,
            Duration.ofSeconds(1), 1, false, List.of(new Route("all", RouteMatch.ANY, "shop")), Map.of("shop", shop));
    }

    @Test
    void aTimedOutHeadIsLoggedWithItsRequestLineBodyBytesAndRealDuration() throws Exception {
        String answer = send("POST /api/hello HTTP/1.1\r\nHost: s\r\n");

        ExchangeLog.Entry e = entries.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(e.status()).isEqualTo(408);
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.path()).isEqualTo("/api/hello");
        assertThat(e.bytesOut()).isEqualTo(bodyLength(answer));
        assertThat(e.durationNanos()).isGreaterThanOrEqualTo(HEAD_TIMEOUT.toNanos());
        assertThat(e.cause()).isEqualTo("request head not received within 300 ms");
    }

    @Test
    void aSilentConnectionIsLoggedWithoutAMethodOrPath() throws Exception {
        String answer = send("");

        ExchangeLog.Entry e = entries.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(e.method()).isEmpty();
        assertThat(e.path()).isEmpty();
        assertThat(e.bytesOut()).isEqualTo(bodyLength(answer));
        assertThat(e.durationNanos()).isGreaterThanOrEqualTo(HEAD_TIMEOUT.toNanos());
        assertThat(e.cause()).isEqualTo("no request received within 300 ms");
    }

    @Test
    void aRefusedHeadIsLoggedWithItsRequestLine() throws Exception {
        String answer = send("PUT /items/7 HTTP/1.1\r\nHost: s\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");

        ExchangeLog.Entry e = entries.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(e.method()).isEqualTo("PUT");
        assertThat(e.path()).isEqualTo("/items/7");
        assertThat(e.bytesOut()).isEqualTo(bodyLength(answer));
    }

    private String send(String bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", plane.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    private static long bodyLength(String response) {
        return response.length() - response.indexOf("\r\n\r\n") - 4;
    }
}
