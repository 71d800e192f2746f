package dev.horizon.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.session.SessionStore;
import dev.horizon.session.SessionTimeouts;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A shop on a real Jetty over a fresh in-memory H2 and in-memory sessions, with the throttle a test gives. */
final class TestShop implements AutoCloseable {

    /** Iterations of the test shop's new password hashes: few, so tests run fast. */
    static final int ITERATIONS = 4_000;

    private final HttpClient client = HttpClient.newHttpClient();
    private final HikariDataSource db;
    private final SessionStore sessions;
    private final ShopServer server;
    private final int port;

    TestShop(LoginThrottle throttle) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        db = new HikariDataSource(config);
        ShopData data = new ShopData(db, ProductCache.none(), Passwords.pbkdf2(ITERATIONS));
        data.createAndSeed();
        sessions = SessionStore.inMemory(SessionTimeouts.DEFAULT);
        server = ShopServer.start("127.0.0.1", 0, 5_000, new ShopServer.Shop("shop-t", data, sessions, () -> true,
            new JsonLog("shop-t", new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)),
            0, throttle), "1");
        port = server.address().getPort();
    }

    int port() {
        return port;
    }

    HikariDataSource db() {
        return db;
    }

    /** Sends a request with the given headers (name, value, ...); the body is JSON when given. */
    HttpResponse<String> send(String method, String path, @Nullable String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /login} as {@code user} from {@code client} (sent as X-Forwarded-For, believed from loopback). */
    HttpResponse<String> login(String user, String password, String client) throws Exception {
        return send("POST", "/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}",
            "X-Forwarded-For", client);
    }

    @Override
    public void close() throws Exception {
        server.close();
        sessions.close();
        db.close();
    }
}
