package dev.horizon.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.horizon.session.servlet.SessionFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shop's HTTP API, JSON in and out. All user state is in the session (the user and the cart) or the database
 * (users, products, orders); nothing is kept in this instance's memory.
 */
final class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the client got wrong: status and message. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final transient ShopData data;
    private final transient ShopMetrics metrics;
    private final transient JsonLog log;
    private final transient BooleanSupplier sessionsAnswer;
    private final transient LoginThrottle throttle;
    private final String instance;
    private final long workMillis;

    ShopServlet(ShopData data, ShopMetrics metrics, JsonLog log, BooleanSupplier sessionsAnswer, String instance,
                long workMillis, LoginThrottle throttle) {
        this.workMillis = workMillis;
        this.data = data;
        this.metrics = metrics;
        this.log = log;
        this.sessionsAnswer = sessionsAnswer;
        this.instance = instance;
        this.throttle = throttle;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String route = req.getMethod() + " " + req.getRequestURI();
        try {
            switch (route) {
                case "POST /login" -> login(req, res);
                case "POST /logout" -> logout(req, res);
                case "GET /me" -> send(res, 200, JsonObject.of("user", user(req), "instance", instance));
                case "GET /products" -> {
                    work();
                    send(res, 200, data.products());
                }
                case "GET /cart" -> send(res, 200, cartView(cart(req.getSession(false))));
                case "POST /cart/items" -> addToCart(req, res);
                case "POST /checkout" -> checkout(req, res);
                case "GET /orders" -> send(res, 200, data.orders(user(req)).stream().map(o -> JsonObject.of(
                    "order", o.id(), "totalCents", o.totalCents(), "items", o.items())).toList());
                case "GET /health" -> health(res);
                case "GET /livez" -> send(res, 200, JsonObject.of("status", "alive", "instance", instance));
                case "GET /metrics" -> {
                    res.setContentType("text/plain; version=0.0.4");
                    res.getWriter().write(metrics.text() + data.dataTierMetrics());
                }
                default -> throw unknown(req);
            }
        } catch (Refused e) {
            send(res, e.status, JsonObject.of("error", String.valueOf(e.getMessage())));
        } catch (AttemptStore.Unavailable e) {
            log.error("login limiter failed", JsonObject.of("request_id", requestId(req), "error",
                String.valueOf(e.getMessage())));
            send(res, 503, JsonObject.of("error", "login limiter unavailable"));
        } catch (SQLException e) {
            log.error("database failed", JsonObject.of("request_id", requestId(req), "path", req.getRequestURI(),
                "error", String.valueOf(e.getMessage())));
            send(res, 503, JsonObject.of("error", "database unavailable"));
        }
    }

    private static Refused unknown(HttpServletRequest req) {
        String path = req.getRequestURI();
        boolean known = List.of("/login", "/logout", "/me", "/products", "/cart", "/cart/items", "/checkout",
            "/orders", "/health", "/livez", "/metrics").contains(path);
        return known ? new Refused(405, Excerpt.of(req.getMethod()) + " is not allowed on " + path)
            : new Refused(404, "no such resource: " + Excerpt.of(path));
    }

    private void login(HttpServletRequest req, HttpServletResponse res) throws IOException, Refused, SQLException {
        JsonNode body = body(req);
        String user = text(body, "user");
        String password = text(body, "password");
        if (!USER.matcher(user).matches()) {
            throw new Refused(400, "user: '" + Excerpt.of(user) + "' (expected: 1-64 of A-Z a-z 0-9 . _ -)");
        }
        if (password.isEmpty() || password.length() > 200) {
            throw new Refused(400, "password: expected 1-200 characters");
        }
        String client = ClientAddress.of(req);
        LoginThrottle.Verdict verdict = throttle.admit(user, client);
        if (!verdict.allowed()) {
            res.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
            throw new Refused(429, verdict.reason() + "; try again in " + verdict.retryAfterSeconds() + "s");
        }
        ShopData.Login result;
        try {
            result = data.login(user, password);
        } catch (SQLException | RuntimeException e) {
            throttle.unchecked(user);
            throw e;
        }
        if (result == ShopData.Login.WRONG_PASSWORD) {
            throttle.failed(client);
            throw new Refused(401, "wrong password for " + user);
        }
        throttle.succeeded(user);
        HttpSession session = req.getSession();
        if (!session.isNew()) {
            req.changeSessionId();
        }
        session.setAttribute(SessionFilter.USER, user);
        send(res, 200, JsonObject.of("user", user, "instance", instance, "created", result == ShopData.Login.CREATED));
    }

    private void logout(HttpServletRequest req, HttpServletResponse res) throws IOException {
        HttpSession session = req.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        send(res, 200, JsonObject.of("loggedOut", session != null));
    }

    private void addToCart(HttpServletRequest req, HttpServletResponse res)
            throws IOException, Refused, SQLException {
        JsonNode body = body(req);
        String sku = text(body, "sku");
        JsonNode qtyNode = body.get("qty");
        int qty = qtyNode == null ? 1 : qtyNode.isInt() ? qtyNode.intValue() : 0;
        if (qty < 1 || qty > Cart.MAX_QTY) {
            throw new Refused(400, "qty: " + Excerpt.of(String.valueOf(qtyNode)) + " (expected: an integer 1.."
                + Cart.MAX_QTY + ")");
        }
        if (data.product(sku).isEmpty()) {
            throw new Refused(404, "no such product: " + Excerpt.of(sku));
        }
        HttpSession session = req.getSession();
        Cart cart = cart(session).plus(sku, qty);
        session.setAttribute("cart", cart);
        send(res, 200, cartView(cart));
    }

    private void checkout(HttpServletRequest req, HttpServletResponse res) throws IOException, Refused, SQLException {
        String user = user(req);
        HttpSession session = req.getSession();
        Cart cart = cart(session);
        if (cart.items().isEmpty()) {
            throw new Refused(409, "the cart is empty");
        }
        long order;
        try {
            order = data.checkout(user, cart);
        } catch (IllegalArgumentException e) {
            throw new Refused(409, String.valueOf(e.getMessage()));
        }
        session.removeAttribute("cart");
        log.info("order placed", JsonObject.of("request_id", requestId(req), "user", user, "order", order,
            "items", cart.count()));
        send(res, 200, JsonObject.of("order", order, "items", cart.count()));
    }

    private void health(HttpServletResponse res) throws IOException {
        boolean db = data.answers();
        boolean sessions = sessionsAnswer.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db && sessions ? "ready" : "unavailable");
        body.put("database", db);
        body.put("sessions", sessions);
        body.put("instance", instance);
        send(res, db && sessions ? 200 : 503, body);
    }

    /** The simulated work of {@code --work}: a product page that takes that long (as a slow backend would). */
    private void work() {
        if (workMillis > 0) {
            try {
                Thread.sleep(workMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String user(HttpServletRequest req) throws Refused {
        HttpSession session = req.getSession(false);
        Object user = session == null ? null : session.getAttribute(SessionFilter.USER);
        if (user == null) {
            throw new Refused(401, "not logged in");
        }
        return (String) user;
    }

    private static Cart cart(@Nullable HttpSession session) {
        return session != null && session.getAttribute("cart") instanceof Cart c ? c : Cart.EMPTY;
    }

    private static Map<String, Object> cartView(Cart cart) {
        return JsonObject.of("count", cart.count(), "items", cart.items());
    }

    private static JsonNode body(HttpServletRequest req) throws IOException, Refused {
        try {
            JsonNode node = JSON.readTree(req.getInputStream());
            if (node == null || !node.isObject()) {
                throw new Refused(400, "body: expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Refused(400, "body: not JSON: " + Excerpt.of(String.valueOf(e.getOriginalMessage())));
        }
    }

    private static String text(JsonNode body, String field) throws Refused {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw new Refused(400, field + ": expected a string");
        }
        return node.textValue();
    }

    private static String requestId(HttpServletRequest req) {
        return String.valueOf(req.getAttribute(RequestContextFilter.REQUEST_ID));
    }

    private static void send(HttpServletResponse res, int status, Object body) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
