package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 19 item 22: Jetty's own errors are JSON like the shop's, and errors repeat at most 64 characters of the
 * client's input (before, a 431 was an HTML page and an unknown 2 MB SKU came back whole).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ShopErrorBodiesTest {

    private TestShop shop;

    @BeforeAll
    void start() throws Exception {
        shop = new TestShop(new LoginThrottle(AttemptStore.local(100, Duration.ofHours(1), InstantSource.system()),
            LoginThrottle.Settings.DEFAULT, InstantSource.system()));
    }

    @AfterAll
    void stop() throws Exception {
        shop.close();
    }

    @Test
    void aHeaderTooLargeGetsA431InJson() throws Exception {
        String response = raw("GET /products HTTP/1.1\r\nHost: shop\r\nCookie: SHOP_SESSION=" + "a".repeat(9_000)
            + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431 ");
        assertThat(response).containsIgnoringCase("\r\nContent-Type: application/json\r\n");
        assertThat(body(response)).isEqualTo("{\"error\":\"Request Header Fields Too Large\"}");
    }

    @Test
    void aRequestJettyCannotParseGetsA400InJson() throws Exception {
        String response = raw("GET /products HTTP/1.1\r\nHost: shop\r\nBad Header: x\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response).containsIgnoringCase("\r\nContent-Type: application/json\r\n");
        assertThat(body(response)).isEqualTo("{\"error\":\"Illegal character SPACE=' '\"}");
    }

    @Test
    void aPathTheServletContextRefusesGetsA400InJson() throws Exception {
        String response = raw("GET /cart%2Fitems HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response).containsIgnoringCase("\r\nContent-Type: application/json\r\n");
        assertThat(body(response)).isEqualTo("{\"error\":\"Ambiguous URI path separator\"}");
    }

    @Test
    void anUnknownTwoMegabyteSkuIsRepeatedAsItsFirstSixtyFourCharacters() throws Exception {
        HttpResponse<String> r = shop.send("POST", "/cart/items", "{\"sku\":\"" + "a".repeat(2_000_000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"no such product: " + "a".repeat(64) + "…\"}");
    }

    @Test
    void aFiveThousandCharacterUserIsRepeatedAsItsFirstSixtyFourCharacters() throws Exception {
        HttpResponse<String> r = shop.send("POST", "/login", "{\"user\":\"" + "u".repeat(5_000)
            + "\",\"password\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"user: '" + "u".repeat(64)
            + "…' (expected: 1-64 of A-Z a-z 0-9 . _ -)\"}");
    }

    @Test
    void longPathsMethodsAndQuantitiesAreCutToo() throws Exception {
        HttpResponse<String> path = shop.send("GET", "/" + "p".repeat(1_000), null);
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(path.body()).isEqualTo("{\"error\":\"no such resource: /" + "p".repeat(63) + "…\"}");
        HttpResponse<String> qty = shop.send("POST", "/cart/items", "{\"sku\":\"SKU-001\",\"qty\":\""
            + "9".repeat(1_000) + "\"}");
        assertThat(qty.statusCode()).isEqualTo(400);
        assertThat(qty.body()).isEqualTo("{\"error\":\"qty: \\\"" + "9".repeat(63)
            + "… (expected: an integer 1..99)\"}");
    }

    @Test
    void anExceptionThatEscapesTheServletIsA500InJsonWithoutItsText() throws Exception {
        try (TestShop failing = new TestShop(new LoginThrottle(new FailingStore(new IllegalStateException(
                "secret detail")), LoginThrottle.Settings.DEFAULT, InstantSource.system()))) {
            HttpResponse<String> r = failing.login("alice", "horizon", "203.0.113.1");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).isEqualTo("{\"error\":\"Server Error\"}");
        }
    }

    @Test
    void anUnreachableLoginLimiterIsA503() throws Exception {
        try (TestShop failing = new TestShop(new LoginThrottle(new FailingStore(new AttemptStore.Unavailable(
                "login limiter: Redis at redis://127.0.0.1:1 failed: refused", new RuntimeException())),
                LoginThrottle.Settings.DEFAULT, InstantSource.system()))) {
            HttpResponse<String> r = failing.login("alice", "horizon", "203.0.113.1");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"error\":\"login limiter unavailable\"}");
        }
    }

    /** A store whose every call throws: what a bug or an outage behind the throttle looks like to the servlet. */
    private record FailingStore(RuntimeException failure) implements AttemptStore {
        @Override
        public long lockedMillis(String key, LoginThrottle.Limit limit, long nowMillis) {
            throw failure;
        }

        @Override
        public long chargeUnlessLocked(String key, LoginThrottle.Limit limit, long nowMillis) {
            throw failure;
        }

        @Override
        public void clear(String key) {
            throw failure;
        }

        @Override
        public void refund(String key) {
            throw failure;
        }
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", shop.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
