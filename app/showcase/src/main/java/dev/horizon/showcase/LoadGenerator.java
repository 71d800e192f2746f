package dev.horizon.showcase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Virtual users, each sending one request at a time in a loop (a closed loop: load in flight equals the number of
 * users), on virtual threads over keep-alive connections. The number of users can change while it runs. Every answer
 * is counted by status; an answer that is not 2xx, or no answer at all, is a failure and its reason is kept. Between
 * {@link #beginWindow()} and {@link #endWindow()} it also measures throughput and latency, in all and by kind of
 * request ({@code horizon profile}).
 *
 * <p>Each user follows its own {@link Script} (by default one GET, again and again) and keeps the cookies it is given
 * as a browser keeps a session: a {@code Set-Cookie} sets or, empty or already expired ({@code Max-Age=0}), removes
 * its cookie, and every later request of that user carries them in one {@code Cookie} header (RFC 6265, sections 5.3
 * and 5.4, without domains or paths: every request goes to the one gateway).
 */
public final class LoadGenerator implements AutoCloseable {

    /** What one virtual user sends: its next request each time the last one is answered (or failed). */
    @FunctionalInterface
    public interface Script {
        /** The next request; the generator adds the user's cookies and the timeout. */
        HttpRequest next();
    }

    private final HttpClient client;
    private final IntFunction<Script> scripts;
    private final Duration timeout;
    private final List<Thread> users = new ArrayList<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicReference<LoadWindow.Recorder> window = new AtomicReference<>(new LoadWindow.Recorder());

    /** A generator of users each sending GET {@code target}, with no users yet; {@link #users(int)} starts them. */
    public LoadGenerator(URI target, Duration timeout) {
        this(get(target), timeout);
    }

    /**
     * A generator of users following {@code scripts}' script for their number (0 for the first user started, and a
     * number is given again to a user started after the one of that number stopped), with no users yet.
     */
    public LoadGenerator(IntFunction<Script> scripts, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.scripts = scripts;
        this.timeout = timeout;
    }

    private static IntFunction<Script> get(URI target) {
        HttpRequest request = HttpRequest.newBuilder(target).GET().build();
        return user -> () -> request;
    }

    /** Changes the number of users: starts new ones or stops the newest. */
    public synchronized void users(int count) {
        while (users.size() < count) {
            Script script = scripts.apply(users.size());
            users.add(Thread.ofVirtual().name("load-user-" + users.size()).start(() -> run(script)));
        }
        while (users.size() > count) {
            users.removeLast().interrupt();
        }
    }

    private void run(Script script) {
        Map<String, String> cookies = new LinkedHashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(script.next(), (name, value) -> true).timeout(timeout);
            if (!cookies.isEmpty()) {
                b.setHeader("Cookie", String.join("; ", cookies.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).toList()));
            }
            HttpRequest request = b.build();
            long start = System.nanoTime();
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                r.headers().allValues("set-cookie").forEach(c -> remember(cookies, c));
                if (r.statusCode() / 100 == 2) {
                    ok.increment();
                    window.get().ok(kind(request), System.nanoTime() - start);
                } else {
                    fail("status " + r.statusCode());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /** {@code METHOD PATH} of {@code request}, the path with its query, as {@link LoadWindow#byRequest} keys it. */
    static String kind(HttpRequest request) {
        String query = request.uri().getRawQuery();
        return request.method() + " " + request.uri().getRawPath() + (query == null ? "" : "?" + query);
    }

    /** Keeps or removes the cookie one {@code Set-Cookie} header sets. */
    static void remember(Map<String, String> cookies, String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        boolean expired = false;
        for (int k = 1; k < parts.length; k++) {
            expired |= parts[k].trim().replace(" ", "").equalsIgnoreCase("max-age=0");
        }
        if (value.isEmpty() || expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private void fail(String reason) {
        failed.increment();
        window.get().failed();
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Starts a measurement window: what is answered from now on counts in it (and no longer in the one before). */
    public void beginWindow() {
        window.set(new LoadWindow.Recorder());
    }

    /** Ends the window begun last (or at construction) and returns what was answered in it. */
    public LoadWindow endWindow() {
        return window.getAndSet(new LoadWindow.Recorder()).end();
    }

    /** Answers with a 2xx status so far. */
    public long succeeded() {
        return ok.sum();
    }

    /** Requests that failed so far. */
    public long failed() {
        return failed.sum();
    }

    /** Why requests failed, with counts. */
    public Map<String, Long> failures() {
        Map<String, Long> out = new java.util.TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Stops every user and waits for them. */
    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(users);
            users(0);
        }
        for (Thread t : stopping) {
            t.join(timeout.toMillis() + 1000);
        }
        client.close();
    }
}
