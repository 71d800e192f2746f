package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.session.SessionStore;
import dev.horizon.session.SessionTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The shop's HTTP API on a real Jetty, an in-memory H2 and the in-memory session store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ShopApiTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private HikariDataSource db;
    private SessionStore sessions;
    private ShopServer server;
    private int port;

    @BeforeAll
    void start() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:shop-api;DB_CLOSE_DELAY=-1");
        db = new HikariDataSource(config);
        ShopData data = new ShopData(db, ProductCache.none(), Passwords.pbkdf2(TestShop.ITERATIONS));
        assertThat(data.createAndSeed()).isEqualTo(ShopData.PRODUCTS);
        assertThat(data.createAndSeed()).as("second seed").isZero();
        sessions = SessionStore.inMemory(SessionTimeouts.DEFAULT);
        server = ShopServer.start("127.0.0.1", 0, 5_000, new ShopServer.Shop("shop-7", data, sessions, () -> true,
            new JsonLog("shop-7", new PrintStream(logged, true, StandardCharsets.UTF_8)), 0,
            new LoginThrottle(AttemptStore.local(100, Duration.ofHours(1), InstantSource.system()),
                LoginThrottle.Settings.DEFAULT, InstantSource.system())), "3");
        port = server.address().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        sessions.close();
        db.close();
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String cookie,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", "SHOP_SESSION=" + cookie);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie"));
        return set.substring("SHOP_SESSION=".length(), set.indexOf(';'));
    }

    @Test
    void aShopperFillsACartLogsInChecksOutAndSeesTheOrder() throws Exception {
        HttpResponse<String> add = send("POST", "/cart/items", "{\"sku\":\"SKU-002\",\"qty\":3}", null);
        assertThat(add.body()).isEqualTo("{\"count\":3,\"items\":{\"SKU-002\":3}}");
        String anonymous = cookie(add);

        HttpResponse<String> login = send("POST", "/login", "{\"user\":\"alice\",\"password\":\"horizon\"}",
            anonymous);
        assertThat(login.body()).isEqualTo("{\"user\":\"alice\",\"instance\":\"shop-7\",\"created\":false}");
        String session = cookie(login);
        assertThat(session).as("login rotates the session id").isNotEqualTo(anonymous);
        assertThat(send("GET", "/me", null, anonymous).statusCode()).as("old id after login").isEqualTo(401);
        assertThat(send("GET", "/cart", null, session).body()).as("cart survives login")
            .isEqualTo("{\"count\":3,\"items\":{\"SKU-002\":3}}");

        HttpResponse<String> checkout = send("POST", "/checkout", null, session);
        assertThat(checkout.statusCode()).isEqualTo(200);
        assertThat(checkout.body()).matches("\\{\"order\":\\d+,\"items\":3}");
        String order = checkout.body().replaceAll("\\D*(\\d+).*", "$1");
        assertThat(send("GET", "/cart", null, session).body()).isEqualTo("{\"count\":0,\"items\":{}}");
        assertThat(send("GET", "/orders", null, session).body())
            .isEqualTo("[{\"order\":" + order + ",\"totalCents\":2247,\"items\":{\"SKU-002\":3}}]");
        assertThat(send("POST", "/checkout", null, session).body()).isEqualTo("{\"error\":\"the cart is empty\"}");

        assertThat(send("POST", "/logout", null, session).body()).isEqualTo("{\"loggedOut\":true}");
        assertThat(send("GET", "/me", null, session).body()).isEqualTo("{\"error\":\"not logged in\"}");
    }

    @Test
    void badInputGetsAClearJsonError() throws Exception {
        assertThat(send("POST", "/login", "{\"user\":\"alice\",\"password\":\"wrong\"}", null))
            .satisfies(r -> assertThat(r.statusCode()).isEqualTo(401))
            .satisfies(r -> assertThat(r.body()).isEqualTo("{\"error\":\"wrong password for alice\"}"));
        assertThat(send("POST", "/login", "{not json", null).body()).startsWith("{\"error\":\"body: not JSON: ");
        assertThat(send("POST", "/login", "[1]", null).body())
            .isEqualTo("{\"error\":\"body: expected a JSON object\"}");
        assertThat(send("POST", "/login", "{\"user\":\"a b\",\"password\":\"x\"}", null).body())
            .isEqualTo("{\"error\":\"user: 'a b' (expected: 1-64 of A-Z a-z 0-9 . _ -)\"}");
        assertThat(send("POST", "/cart/items", "{\"sku\":\"SKU-001\",\"qty\":0}", null).body())
            .isEqualTo("{\"error\":\"qty: 0 (expected: an integer 1..99)\"}");
        HttpResponse<String> unknownSku = send("POST", "/cart/items", "{\"sku\":\"SKU-999\"}", null);
        assertThat(unknownSku.statusCode()).isEqualTo(404);
        assertThat(unknownSku.body()).isEqualTo("{\"error\":\"no such product: SKU-999\"}");
        HttpResponse<String> wrongMethod = send("DELETE", "/cart", null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"DELETE is not allowed on /cart\"}");
        HttpResponse<String> missing = send("GET", "/nope", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"no such resource: /nope\"}");
    }

    @Test
    void everyResponseNamesTheInstanceAndVersionAndCarriesTheRequestIdIntoTheLog() throws Exception {
        HttpResponse<String> r = send("GET", "/products", null, null, "X-Request-Id", "req-42");
        assertThat(r.headers().firstValue("X-Instance")).hasValue("shop-7");
        assertThat(r.headers().firstValue("X-Version")).hasValue("3");
        assertThat(send("GET", "/nope", null, null).headers().firstValue("X-Version")).hasValue("3");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("req-42");
        assertThat(r.body()).startsWith("[{\"sku\":\"SKU-001\",\"name\":\"Red Kettle\",\"priceCents\":499},");
        assertThat(send("GET", "/me", null, null).headers().firstValue("X-Request-Id")).hasValueSatisfying(
            id -> assertThat(id).matches("[0-9a-f-]{36}"));
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains("\"request_id\":\"req-42\"")))
            .singleElement().satisfies(l -> assertThat(l).contains("\"instance\":\"shop-7\"", "\"msg\":\"request\"",
                "\"method\":\"GET\"", "\"path\":\"/products\"", "\"status\":200"));
    }

    @Test
    void healthAndMetrics() throws Exception {
        assertThat(send("GET", "/health", null, null).body())
            .isEqualTo("{\"status\":\"ready\",\"database\":true,\"sessions\":true,\"instance\":\"shop-7\"}");
        send("GET", "/products", null, null);
        String metrics = send("GET", "/metrics", null, null).body();
        assertThat(metrics).contains("# TYPE demo_inflight_requests gauge\ndemo_inflight_requests 1\n",
            "# TYPE demo_request_duration_seconds histogram\n", "process_cpu_seconds_total ");
        assertThat(metrics).containsPattern("demo_requests_total\\{status=\"200\"} [1-9]");
        assertThat(metrics).containsPattern("demo_request_duration_seconds_bucket\\{le=\"\\+Inf\"} [1-9]");
    }
}
