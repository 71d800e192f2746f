package dev.horizon.session.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.session.AttributeCodec;
import dev.horizon.session.Session;
import dev.horizon.session.SessionStore;
import dev.horizon.session.SessionStoreException;
import dev.horizon.session.SessionTimeouts;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter inside a real Jetty 12, driven over HTTP. */
final class SessionFilterTest {

    /** An attribute type the codec decodes by name. */
    record Cart(List<String> skus) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private @Nullable Server server;
    private int port;
    private SessionStore store = SessionStore.inMemory(SessionTimeouts.DEFAULT);

    /** Test servlet: {@code /set?name=&value=}, {@code /get?name=}, {@code /cart}, {@code /login?user=}, ... */
    static final class Probe extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String path = req.getRequestURI();
            res.setContentType("text/plain");
            switch (path) {
                case "/set" -> req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
                case "/get" -> {
                    HttpSession s = req.getSession(false);
                    res.getWriter().write(s == null ? "no session" : String.valueOf(s.getAttribute(
                        req.getParameter("name"))));
                }
                case "/cart" -> {
                    HttpSession s = req.getSession();
                    Object cart = s.getAttribute("cart");
                    res.getWriter().write((s.isNew() ? "new " : "old ") + (cart instanceof Cart c ? c.skus() : "-"));
                    s.setAttribute("cart", new Cart(List.of("A-1")));
                }
                case "/login" -> {
                    req.getSession();
                    String old = req.getSession().getId();
                    String now = req.changeSessionId();
                    req.getSession().setAttribute(SessionFilter.USER, req.getParameter("user"));
                    res.getWriter().write(old.equals(now) ? "same" : "rotated");
                }
                case "/logout" -> {
                    HttpSession s = req.getSession(false);
                    if (s != null) {
                        s.invalidate();
                    }
                    res.getWriter().write("bye");
                }
                case "/names" -> res.getWriter().write(String.valueOf(Collections.list(
                    req.getSession().getAttributeNames()).stream().sorted().toList()));
                case "/big" -> {
                    req.getSession().setAttribute("big", "yes");
                    res.getOutputStream().write(new byte[200_000]);
                }
                case "/redirect" -> {
                    req.getSession().setAttribute("r", "1");
                    res.sendRedirect("/get?name=r");
                }
                case "/flush" -> {
                    req.getSession().setAttribute("f", "1");
                    res.getWriter().write("early");
                    res.flushBuffer();
                }
                default -> res.getWriter().write("untouched");
            }
        }
    }

    private void start(SessionFilter filter) throws Exception {
        Server s = new Server();
        ServerConnector connector = new ServerConnector(s);
        connector.setHost("127.0.0.1");
        s.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Probe()), "/*");
        s.setHandler(context);
        s.start();
        server = s;
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        store.close();
    }

    private HttpResponse<String> get(String pathAndQuery, @Nullable String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (token != null) {
            b.header("Cookie", "other=1; HZSESSION=" + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> setCookie(HttpResponse<?> response) {
        return response.headers().firstValue("Set-Cookie");
    }

    private static String token(HttpResponse<?> response) {
        String header = setCookie(response).orElseThrow(() -> new AssertionError("no Set-Cookie"));
        assertThat(header).startsWith("HZSESSION=");
        return header.substring("HZSESSION=".length(), header.indexOf(';'));
    }

    @Test
    void firstWriteSetsAnHttpOnlyLaxCookieAndLaterRequestsSeeTheAttribute() throws Exception {
        start(SessionFilter.of(store));
        HttpResponse<String> first = get("/set?name=color&value=blue", null);
        assertThat(setCookie(first)).hasValueSatisfying(v -> assertThat(v)
            .matches("HZSESSION=[A-Za-z0-9_-]{27}; Path=/; HttpOnly; SameSite=Lax"));
        String token = token(first);

        HttpResponse<String> second = get("/get?name=color", token);
        assertThat(second.body()).isEqualTo("blue");
        assertThat(setCookie(second)).isEmpty();
    }

    @Test
    void requestThatNeverTouchesTheSessionGetsNoCookie() throws Exception {
        start(SessionFilter.of(store));
        HttpResponse<String> r = get("/other", null);
        assertThat(r.body()).isEqualTo("untouched");
        assertThat(setCookie(r)).isEmpty();
    }

    @Test
    void loginRotatesTheIdKeepsAttributesAndKillsTheOldCookie() throws Exception {
        start(SessionFilter.of(store));
        String before = token(get("/set?name=cartNote&value=two+apples", null));
        HttpResponse<String> login = get("/login?user=alice", before);
        assertThat(login.body()).isEqualTo("rotated");
        String after = token(login);
        assertThat(after).isNotEqualTo(before);

        assertThat(get("/get?name=cartNote", after).body()).isEqualTo("two apples");
        assertThat(get("/get?name=" + SessionFilter.USER, after).body()).isEqualTo("alice");
        assertThat(get("/names", after).body()).isEqualTo("[cartNote, " + SessionFilter.USER + "]");
        HttpResponse<String> old = get("/get?name=cartNote", before);
        assertThat(old.body()).isEqualTo("no session");
        assertThat(setCookie(old)).hasValueSatisfying(v -> assertThat(v).startsWith("HZSESSION=; Max-Age=0;"));
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() throws Exception {
        start(SessionFilter.of(store));
        String token = token(get("/login?user=bob", token(get("/set?name=a&value=1", null))));
        HttpResponse<String> logout = get("/logout", token);
        assertThat(logout.body()).isEqualTo("bye");
        assertThat(setCookie(logout)).hasValue(
            "HZSESSION=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax");
        assertThat(get("/get?name=a", token).body()).isEqualTo("no session");
    }

    @Test
    void typedAttributeRoundTripsThroughJson() throws Exception {
        start(SessionFilter.of(store, AttributeCodec.json(Map.of("cart", Cart.class)), SessionCookie.DEFAULT));
        HttpResponse<String> first = get("/cart", null);
        assertThat(first.body()).isEqualTo("new -");
        assertThat(get("/cart", token(first)).body()).isEqualTo("old [A-1]");
    }

    @Test
    void sessionThatCannotBeReadIsTreatedAsAbsent() throws Exception {
        start(SessionFilter.of(store, AttributeCodec.json(Map.of("cart", Cart.class)), SessionCookie.DEFAULT));
        Session corrupt = store.create();
        corrupt.setAttribute("cart", "\"written by another version\"");
        String token = store.save(corrupt).orElseThrow();

        HttpResponse<String> r = get("/cart", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("new -");
        assertThat(token(r)).isNotEqualTo(token);
    }

    @Test
    void cookieIsSetEvenWhenTheBodyOverflowsTheBuffer() throws Exception {
        start(SessionFilter.of(store));
        HttpResponse<String> r = get("/big", null);
        assertThat(r.body()).hasSize(200_000);
        assertThat(get("/get?name=big", token(r)).body()).isEqualTo("yes");
    }

    @Test
    void cookieIsSetBeforeARedirectAndAnExplicitFlush() throws Exception {
        start(SessionFilter.of(store));
        HttpResponse<String> redirect = get("/redirect", null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(get("/get?name=r", token(redirect)).body()).isEqualTo("1");
        HttpResponse<String> flushed = get("/flush", null);
        assertThat(flushed.body()).isEqualTo("early");
        assertThat(get("/get?name=f", token(flushed)).body()).isEqualTo("1");
    }

    @Test
    void secureAttributeFollowsTheSettingAndTheNameIsConfigurable() throws Exception {
        start(SessionFilter.of(store, AttributeCodec.json(),
            SessionCookie.DEFAULT.withName("SHOP").withSecure(SessionCookie.Secure.ALWAYS)));
        HttpResponse<String> r = get("/set?name=a&value=1", null);
        assertThat(setCookie(r)).hasValueSatisfying(v -> assertThat(v)
            .matches("SHOP=[A-Za-z0-9_-]{27}; Path=/; HttpOnly; SameSite=Lax; Secure"));
    }

    @Test
    void unknownTokenIsClearedAndGetsNoSession() throws Exception {
        start(SessionFilter.of(store));
        HttpResponse<String> r = get("/get?name=a", "AAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(r.body()).isEqualTo("no session");
        assertThat(setCookie(r)).hasValueSatisfying(v -> assertThat(v).startsWith("HZSESSION=; Max-Age=0;"));
    }

    @Test
    void storeThatCannotBeReachedAnswers503() throws Exception {
        SessionStore real = store;
        store = new SessionStore() {
            @Override
            public Optional<Session> load(String token) {
                throw new SessionStoreException("redis at 127.0.0.1:1 refused the connection");
            }

            @Override
            public Session create() {
                return real.create();
            }

            @Override
            public Optional<String> save(Session session) {
                throw new SessionStoreException("redis at 127.0.0.1:1 refused the connection");
            }

            @Override
            public void invalidateUser(String user) {
            }

            @Override
            public SessionTimeouts timeouts() {
                return real.timeouts();
            }

            @Override
            public void close() {
                real.close();
            }
        };
        start(SessionFilter.of(store));
        HttpResponse<String> r = get("/get?name=a", "AAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"error\":\"session store unavailable\"}");
    }
}
