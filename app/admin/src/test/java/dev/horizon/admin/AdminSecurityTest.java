package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API's defences over real sockets: what a web page (cross-site, simple content types), a client without
 * the token and a token guesser get, byte for byte as a raw HTTP client sends them.
 */
class AdminSecurityTest {

    private static final String DRAIN = "/admin/services/shop/endpoints/127.0.0.1:1/drain";
    private static final String WEIGHT = "/admin/services/shop/endpoints/127.0.0.1:2/weight";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final AtomicLong nanos = new AtomicLong();
    private Gateway gateway;
    private AdminServer admin;
    private int port;

    @BeforeEach
    void start() {
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:1", 3, ""),
                new EndpointConfig("127.0.0.1:2", 1, ""))))));
        admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), () -> gateway, () -> { }, name -> null,
            "s3cret", nanos::get);
        port = admin.address().getPort();
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdown(Duration.ZERO);
    }

    /** An answer as it came off the wire; header names in lower case. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n"
                + (headers.containsKey("Host") ? "" : "Host: 127.0.0.1:" + port + "\r\n")
                + "Connection: close\r\nContent-Length: " + content.length + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, end).split("\r\n");
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                answerHeaders.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), answerHeaders, all.substring(end + 4));
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private Map<String, String> authorized(String... pairs) {
        return with(with(JSON, "Authorization", "Bearer s3cret"), pairs);
    }

    private int weight() {
        return gateway.services().list().get(0).endpoints().get(1).weight();
    }

    @Test
    void aCrossSitePostIsRefusedEvenWithTheToken() throws Exception {
        Answer evil = send("POST", WEIGHT, authorized("Origin", "http://evil.example"), "{\"weight\": 7}");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.body()).isEqualTo("{\"error\":\"cross-site request refused (Origin: http://evil.example; "
            + "expected: none, or this admin API's own, http://127.0.0.1:" + port + ")\"}\n");
        assertThat(send("POST", WEIGHT, authorized("Origin", "null"), "{\"weight\": 7}").status()).isEqualTo(403);
        assertThat(send("POST", WEIGHT, authorized("Origin", "http://127.0.0.1:8080"), "{\"weight\": 7}").status())
            .as("the gateway's own port is another origin").isEqualTo(403);
        assertThat(send("POST", WEIGHT, authorized("Sec-Fetch-Site", "cross-site"), "{\"weight\": 7}").body())
            .isEqualTo("{\"error\":\"cross-site request refused (Sec-Fetch-Site: cross-site)\"}\n");
        assertThat(send("POST", WEIGHT, authorized("Sec-Fetch-Site", "same-site"), "{\"weight\": 7}").status())
            .isEqualTo(403);
        assertThat(weight()).isEqualTo(1);

        assertThat(send("POST", WEIGHT, authorized("Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site",
            "same-origin"), "{\"weight\": 7}").status()).as("the admin API's own page").isEqualTo(200);
        assertThat(send("POST", WEIGHT, authorized("Origin", "http://localhost:" + port), "{\"weight\": 8}")
            .status()).isEqualTo(200);
        assertThat(weight()).isEqualTo(8);
    }

    @Test
    void aLoopbackAdminAnswersOnlyItsOwnHostNamesSoARebindingPageCannotReadIt() throws Exception {
        Answer rebound = send("GET", "/admin/services", Map.of("Host", "evil.example:" + port), "");
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).isEqualTo("{\"error\":\"Host: evil.example:" + port + " refused (expected: "
            + "127.0.0.1:" + port + ", localhost:" + port + ", [::1]:" + port + "; a loopback admin API answers only "
            + "its own names)\"}\n");
        assertThat(send("GET", "/admin/events", Map.of("Host", "evil.example:" + port), "").status()).isEqualTo(403);
        assertThat(send("GET", "/admin/services", Map.of("Host", "LOCALHOST:" + port), "").status()).isEqualTo(200);
        assertThat(send("GET", "/admin/services", Map.of(), "").status()).isEqualTo(200);
    }

    @Test
    void theLiveFeedTakesAtMostSixteenPagesAndRefusesTheNextWith503() throws Exception {
        List<Socket> pages = new ArrayList<>();
        try {
            for (int i = 0; i <= DashboardEvents.MAX_SUBSCRIBERS; i++) {
                Socket s = new Socket("127.0.0.1", port);
                pages.add(s);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET /admin/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
                assertThat(status).as("page " + (i + 1)).isEqualTo(i < DashboardEvents.MAX_SUBSCRIBERS
                    ? "HTTP/1.1 200 OK" : "HTTP/1.1 503 Service Unavailable");
            }
        } finally {
            for (Socket s : pages) {
                s.close();
            }
        }
    }

    @Test
    void aSimpleContentTypeIsRefused() throws Exception {
        Answer plain = send("POST", WEIGHT, Map.of("Authorization", "Bearer s3cret", "Content-Type", "text/plain"),
            "{\"weight\": 7}");
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.body()).isEqualTo("{\"error\":\"Content-Type: text/plain (expected: application/json)\"}\n");
        assertThat(send("POST", WEIGHT, Map.of("Authorization", "Bearer s3cret", "Content-Type",
            "application/x-www-form-urlencoded"), "weight=7").status()).isEqualTo(415);
        assertThat(send("POST", WEIGHT, Map.of("Authorization", "Bearer s3cret"), "{\"weight\": 7}").body())
            .isEqualTo("{\"error\":\"Content-Type: missing (expected: application/json)\"}\n");
        assertThat(weight()).isEqualTo(1);

        assertThat(send("POST", WEIGHT, authorized("Content-Type", "Application/JSON; charset=utf-8"),
            "{\"weight\": 7}").status()).isEqualTo(200);
        assertThat(weight()).isEqualTo(7);
    }

    @Test
    void aPostWithoutTheTokenIsRefusedAndTheSchemeIsCaseInsensitive() throws Exception {
        Answer none = send("POST", DRAIN, JSON, "{\"drain\": true}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("{\"error\":\"missing or wrong bearer token (HORIZON_ADMIN_TOKEN)\"}\n");
        assertThat(send("POST", DRAIN, with(JSON, "Authorization", "Basic czNjcmV0"), "{\"drain\": true}").status())
            .isEqualTo(401);
        assertThat(send("POST", DRAIN, with(JSON, "Authorization", "Bearer s3cre"), "{\"drain\": true}").status())
            .isEqualTo(401);
        assertThat(send("POST", DRAIN, with(JSON, "Authorization", "Bearers3cret"), "{\"drain\": true}").status())
            .isEqualTo(401);
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("healthy");

        assertThat(send("POST", DRAIN, with(JSON, "Authorization", "bearer s3cret"), "{\"drain\": true}").status())
            .isEqualTo(200);
        assertThat(send("POST", DRAIN, with(JSON, "Authorization", "BEARER   s3cret"), "{\"drain\": false}")
            .status()).isEqualTo(200);
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("healthy");
    }

    @Test
    void anEmptyDrainBodyIsRefused() throws Exception {
        Answer empty = send("POST", DRAIN, authorized(), "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("{\"error\":\"body: empty (expected: {\\\"drain\\\": true} to drain or "
            + "{\\\"drain\\\": false} to resume)\"}\n");
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("healthy");
    }

    @Test
    void wrongTokensAreThrottledPerAddressWithRetryAfter() throws Exception {
        for (int i = 0; i < TokenThrottle.MAX_FAILURES; i++) {
            assertThat(send("POST", WEIGHT, with(JSON, "Authorization", "Bearer guess" + i), "{\"weight\": 7}")
                .status()).as("guess %d", i).isEqualTo(401);
        }
        Answer locked = send("POST", WEIGHT, authorized(), "{\"weight\": 7}");
        assertThat(locked.status()).as("even the right token waits").isEqualTo(429);
        assertThat(locked.headers()).containsEntry("retry-after", "1");
        assertThat(locked.body()).isEqualTo("{\"error\":\"too many wrong admin tokens from 127.0.0.1; try again in "
            + "1s\"}\n");
        assertThat(send("POST", WEIGHT, with(JSON, "Authorization", "Bearer guess"), "{\"weight\": 7}").status())
            .isEqualTo(429);
        assertThat(send("GET", "/admin/services", Map.of(), "").status()).as("reading is not throttled")
            .isEqualTo(200);
        assertThat(weight()).isEqualTo(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        for (int i = 0; i < TokenThrottle.MAX_FAILURES; i++) {
            send("POST", WEIGHT, with(JSON, "Authorization", "Bearer guess" + i), "{\"weight\": 7}");
        }
        assertThat(send("POST", WEIGHT, authorized(), "{\"weight\": 7}").headers())
            .as("the second lock-out is twice as long").containsEntry("retry-after", "2");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(send("POST", WEIGHT, authorized(), "{\"weight\": 7}").status()).isEqualTo(200);
        assertThat(weight()).isEqualTo(7);
    }

    @Test
    void methodNotAllowedNamesTheAllowedMethod() throws Exception {
        Answer put = send("PUT", "/admin/reload", authorized(), "");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.headers()).containsEntry("allow", "POST");
        assertThat(put.body()).isEqualTo("{\"error\":\"PUT /admin/reload is not supported (expected: POST)\"}\n");
        Answer get = send("GET", DRAIN, Map.of(), "");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers()).containsEntry("allow", "POST");
        Answer post = send("POST", "/admin/services", authorized(), "");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("allow", "GET");
        assertThat(send("DELETE", "/admin/services/shop", Map.of(), "").status()).isEqualTo(404);
    }
}
