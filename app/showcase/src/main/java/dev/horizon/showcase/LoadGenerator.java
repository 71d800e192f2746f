package dev.horizon.showcase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Virtual users, each sending one GET at a time in a loop (a closed loop: load in flight equals the number of users),
 * on virtual threads over keep-alive connections. The number of users can change while it runs. Every answer is
 * counted by status; an answer that is not 2xx, or no answer at all, is a failure and its reason is kept. Between
 * {@link #beginWindow()} and {@link #endWindow()} it also measures throughput and latency ({@code horizon profile}).
 */
public final class LoadGenerator implements AutoCloseable {

    private final HttpClient client;
    private final URI target;
    private final Duration timeout;
    private final List<Thread> users = new ArrayList<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicReference<LoadWindow.Recorder> window = new AtomicReference<>(new LoadWindow.Recorder());

    /** A generator with no users yet; {@link #users(int)} starts them. */
    public LoadGenerator(URI target, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.target = target;
        this.timeout = timeout;
    }

    /** Changes the number of users: starts new ones or stops the newest. */
    public synchronized void users(int count) {
        while (users.size() < count) {
            users.add(Thread.ofVirtual().name("load-user-" + users.size()).start(this::run));
        }
        while (users.size() > count) {
            users.removeLast().interrupt();
        }
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).GET().build();
        while (!Thread.currentThread().isInterrupted()) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    ok.increment();
                    window.get().ok(System.nanoTime() - start);
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
