package dev.horizon.showcase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One virtual shopper: logs in, looks at the products, fills the cart, checks out, looks at the orders and sometimes
 * logs out, thinking 50-250 ms between requests, until interrupted. It also checks what it sees: {@code /me} must
 * name it and the cart must hold what it put in, whichever instance (and whichever revision of the shop) answers; a
 * mismatch is a failure. A {@code 401} while it is logged in counts as being logged out and a cart holding less than
 * it put in as a lost cart, each once per visit: what a stateless app tier must never do across a rollout.
 *
 * <p>Each shopper stands for its own client behind a trusted proxy: it sends {@code X-Forwarded-For} with an address
 * of its own, so the gateway's per-client rate limit on {@code POST /login} counts each shopper apart. A failed login
 * is tried again, up to {@value #LOGIN_ATTEMPTS} times in all, then the shopper waits a second. A polite shopper
 * waits as long as a 429's or 503's {@code Retry-After} says before its next request, as a well-written client does;
 * an impatient one (one in {@value #IMPATIENT_ONE_IN}) does not, like a user in a flash sale pressing the button
 * again and again: it is these repeated logins that the per-client limit answers with 429.
 */
final class Shopper implements Runnable {

    /** The shop's session cookie. */
    static final String COOKIE = "SHOP_SESSION";

    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
    private static final Pattern USER = Pattern.compile("\"user\":\"([^\"]*)\"");
    private static final int PRODUCTS = 40;
    /** Logins a shopper tries in a row before it waits a second. */
    static final int LOGIN_ATTEMPTS = 4;
    /** One shopper in this many ignores {@code Retry-After}. */
    static final int IMPATIENT_ONE_IN = 4;
    /** The longest {@code Retry-After} a polite shopper honours, in seconds. */
    private static final int MAX_RETRY_AFTER = 5;

    private final HttpClient client;
    private final URI base;
    private final String name;
    private final String address;
    private final boolean impatient;
    private final RandomGenerator random;
    private final TrafficSink stats;
    private @Nullable String session;
    /** Between a successful login and a logout (or being found logged out). */
    private boolean loggedIn;
    private boolean cartLost;

    Shopper(HttpClient client, URI base, String name, String address, boolean impatient, RandomGenerator random,
            TrafficSink stats) {
        this.client = client;
        this.base = base;
        this.name = name;
        this.address = address;
        this.impatient = impatient;
        this.random = random;
        this.stats = stats;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                visit();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void visit() throws InterruptedException {
        cartLost = false;
        loggedIn = false; // a new login follows; a 401 to it is a failed login, not a lost session
        if (!login()) {
            pause(1000);
            return;
        }
        loggedIn = true;
        expectUser();
        String before = send("GET", "/cart", null, 200);
        Matcher held = COUNT.matcher(before == null ? "" : before);
        int inCart = held.find() ? Integer.parseInt(held.group(1)) : 0;
        int browse = 2 + random.nextInt(4);
        for (int i = 0; i < browse; i++) {
            send("GET", "/products", null, 200);
            if (random.nextInt(10) < 6) {
                int qty = 1 + random.nextInt(2);
                String sku = String.format("SKU-%03d", 1 + random.nextInt(PRODUCTS));
                String body = send("POST", "/cart/items", "{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}", 200);
                if (body != null) {
                    inCart += qty;
                    expectCount(body, inCart, "cart after adding");
                }
            }
        }
        String cart = send("GET", "/cart", null, 200);
        if (cart != null) {
            expectCount(cart, inCart, "cart");
        }
        if (inCart > 0) {
            send("POST", "/checkout", null, 200);
        }
        send("GET", "/orders", null, 200);
        if (random.nextInt(10) < 3) {
            send("POST", "/logout", null, 200);
            loggedIn = false;
            send("GET", "/me", null, 401);
        }
    }

    private boolean login() throws InterruptedException {
        for (int attempt = 0; attempt < LOGIN_ATTEMPTS; attempt++) {
            if (send("POST", "/login", "{\"user\":\"" + name + "\",\"password\":\"horizon\"}", 200) != null) {
                return true;
            }
        }
        return false;
    }

    private void expectUser() throws InterruptedException {
        String me = send("GET", "/me", null, 200);
        if (me != null) {
            Matcher m = USER.matcher(me);
            if (!m.find() || !m.group(1).equals(name)) {
                stats.mismatch("/me named another user");
            }
        }
    }

    private void expectCount(String body, int expected, String what) {
        Matcher m = COUNT.matcher(body);
        int held = m.find() ? Integer.parseInt(m.group(1)) : -1;
        if (held != expected) {
            stats.mismatch(what + " did not hold what was put in");
        }
        if (held < expected && !cartLost) {
            cartLost = true;
            stats.cartLost();
        }
    }

    /** Sends a request after a think time; returns the body when the status was the expected one. */
    private @Nullable String send(String method, String path, @Nullable String json, int expected)
            throws InterruptedException {
        pause(50 + random.nextInt(200));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
            .header("X-Forwarded-For", address);
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (session != null) {
            b.header("Cookie", COOKIE + "=" + session);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            r.headers().allValues("set-cookie").forEach(this::remember);
            r.headers().firstValue("x-version").ifPresent(stats::answeredBy);
            if (r.statusCode() == 401 && expected != 401 && loggedIn) {
                loggedIn = false;
                stats.loggedOut();
            }
            if (r.statusCode() != expected) {
                stats.failed(nanos, r.statusCode(), method + " " + path + ": status " + r.statusCode());
                if ((r.statusCode() == 429 || r.statusCode() == 503) && !impatient) {
                    pause(1000L * retryAfter(r));
                }
                return null;
            }
            stats.ok(nanos);
            return r.body();
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                stats.failed(System.nanoTime() - start, 0, method + " " + path + ": "
                    + e.getClass().getSimpleName());
            }
            return null;
        }
    }

    /** The answer's {@code Retry-After} in seconds (1 when absent or unreadable), at most {@value #MAX_RETRY_AFTER}. */
    static int retryAfter(HttpResponse<?> r) {
        try {
            return Math.clamp(Integer.parseInt(r.headers().firstValue("retry-after").orElse("1").trim()), 0,
                MAX_RETRY_AFTER);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void remember(String setCookie) {
        if (setCookie.startsWith(COOKIE + "=")) {
            int end = setCookie.indexOf(';');
            String value = setCookie.substring(COOKIE.length() + 1, end < 0 ? setCookie.length() : end);
            session = value.isEmpty() ? null : value;
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
