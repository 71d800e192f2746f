package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.RateLimit;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.testing.Eventually;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's documents over a real gateway and a real backend: a service's requests by status class, the 429s of
 * its route's rate limit under the service (the gateway answers them before the service sees them), and the columns
 * and fields the page reads.
 */
class DashboardJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerSocket backend;
    private Gateway gateway;
    private AdminServer admin;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
        String endpoint = "127.0.0.1:" + backend.getLocalPort();
        Route login = new Route("login", new RouteMatch(null, "/login", null, null, Map.of(), Map.of(), Map.of()),
            "shop", RateLimit.local(2, Duration.ofHours(1)));
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(login, new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(endpoint, 1, ""))))));
        admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), () -> gateway, () -> { }, name -> null,
            "s3cret");
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdown(Duration.ZERO);
        try {
            backend.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The backend: one request per connection, 404 for {@code /missing}, else 200, without a body. */
    private void serve() {
        while (!backend.isClosed()) {
            try (Socket s = backend.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
                String line = in.readLine();
                String field;
                do {
                    field = in.readLine();
                } while (field != null && !field.isEmpty());
                String status = line != null && line.startsWith("GET /missing ") ? "404 Not Found" : "200 OK";
                s.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed at the end of the test, or a connection the gateway dropped
            }
        }
    }

    private int get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + gateway.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode document(String uri) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
            Unpooled.EMPTY_BUFFER);
        FullHttpResponse response = admin.handle(request, "127.0.0.1");
        try {
            assertThat(response.status().code()).as(uri).isEqualTo(200);
            return JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            response.release();
            request.release();
        }
    }

    /** The sum of the shop service's column {@code name} over the history's 15 minutes. */
    private long sum(String name) {
        JsonNode column = document("/admin/history").get("services").get(0).get("samples").get(name);
        long sum = 0;
        for (JsonNode v : column) {
            sum += v.isNull() ? 0 : v.asLong();
        }
        return sum;
    }

    @Test
    void theHistoryCountsAServicesRequestsByStatusClassWithItsRoutesRateLimited429s() throws Exception {
        assertThat(List.of(get("/login"), get("/login"), get("/login"), get("/login"), get("/missing"), get("/x")))
            .containsExactly(200, 200, 429, 429, 404, 200);

        // an exchange is counted just after its last byte left, which the client may read first
        Eventually.await("the six requests in the history", () -> sum("arrivals") == 6);
        assertThat(List.of(sum("ok"), sum("client_errors"), sum("limited"), sum("errors_5xx"), sum("shed"),
            sum("timed_out"), sum("unanswered"))).containsExactly(3L, 1L, 2L, 0L, 0L, 0L, 0L);
    }

    @Test
    void theHistoryHasEveryColumnOfTheWindowAndTheStateTheCertificates() throws Exception {
        JsonNode history = document("/admin/history");
        assertThat(history.get("window").asInt()).isEqualTo(900);
        JsonNode samples = history.get("services").get(0).get("samples");
        assertThat(samples.fieldNames()).toIterable().containsExactly("t", "arrivals", "ok", "client_errors",
            "limited", "errors_5xx", "shed", "timed_out", "unanswered", "p50_ms", "p95_ms", "p99_ms", "instances",
            "ready", "starting", "warming", "draining", "desired", "cpu_size_m", "cpu_used_m", "observed", "target");
        assertThat(samples.get("t")).hasSize(900);
        assertThat(samples.get("limited")).hasSize(900);

        JsonNode state = JSON.readTree(new DashboardJson(gateway, name -> null).state());
        assertThat(state.get("certificates").isArray()).as("no TLS listener: no certificates").isTrue();
        assertThat(state.get("certificates")).isEmpty();
        assertThat(state.get("services").get(0).get("samples").get("t")).hasSize(DashboardJson.REPEAT);
    }
}
