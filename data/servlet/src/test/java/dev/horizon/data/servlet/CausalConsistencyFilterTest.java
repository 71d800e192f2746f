package dev.horizon.data.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.CausalToken;
import dev.horizon.data.Replication;
import dev.horizon.data.RoutingDataSource;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter keeps the user's latest token in the session, over a real primary. */
final class CausalConsistencyFilterTest {

    private static RoutingDataSource db;

    @BeforeAll
    static void start() throws Exception {
        db = RoutingDataSource.builder(Replication.get().primaryNode()).build();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS filtered (n INT)");
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** A session as a map of attributes. */
    private static HttpSession session(Map<String, Object> attributes) {
        return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
            new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> {
                    attributes.put((String) args[0], args[1]);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private static HttpServletRequest request(HttpSession session) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                if (method.getName().equals("getSession")) {
                    return session;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }

    private static final FilterChain WRITES = (request, response) -> {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO filtered VALUES (1)");
        } catch (java.sql.SQLException e) {
            throw new jakarta.servlet.ServletException(e);
        }
    };

    private static final ServletResponse RESPONSE = (ServletResponse) Proxy.newProxyInstance(
        ServletResponse.class.getClassLoader(), new Class<?>[] {ServletResponse.class}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        });

    @Test
    void aWriteStoresItsTokenWhenItIsLaterThanTheSessions() throws Exception {
        Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of("horizon.causal", "0/1"));
        CausalConsistencyFilter.create().doFilter(request(session(attributes)), RESPONSE, WRITES);
        assertThat(attributes.get("horizon.causal")).isInstanceOf(String.class);
        assertThat(CausalToken.parse(String.valueOf(attributes.get("horizon.causal"))))
            .isGreaterThan(CausalToken.parse("0/1"));
    }

    @Test
    void aWriteNeverLowersTheSessionsToken() throws Exception {
        Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of("horizon.causal", "FF/0"));
        CausalConsistencyFilter.create().doFilter(request(session(attributes)), RESPONSE, WRITES);
        assertThat(attributes).containsEntry("horizon.causal", "FF/0");
    }
}
