package dev.horizon.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load for deployment tests: {@code users} threads each send GET requests one after the other and tally
 * the answers by their {@code X-Version} header (the backend's {@code --version}), and every failure (a status other
 * than 200 with the version that gave it, or no answer) by its kind.
 */
final class RevisionLoad implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;
    private final Map<String, LongAdder> versions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    RevisionLoad(URI target, int users) {
        this.target = target;
        for (int i = 0; i < users; i++) {
            threads.add(Thread.ofPlatform().daemon().name("revision-load-" + i).start(this::run));
        }
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build();
        while (!stop.get()) {
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    versions.computeIfAbsent(r.headers().firstValue("X-Version").orElse("-"), v -> new LongAdder())
                        .increment();
                } else {
                    String from = r.headers().firstValue("X-Version").map(v -> " from " + v).orElse("");
                    failures.computeIfAbsent("status " + r.statusCode() + from, v -> new LongAdder()).increment();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.computeIfAbsent(e.getClass().getSimpleName(), v -> new LongAdder()).increment();
            }
        }
    }

    /** Answers so far by version. */
    Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        versions.forEach((v, n) -> out.put(v, n.sum()));
        return out;
    }

    /** Answers of {@code version} so far. */
    long of(String version) {
        LongAdder n = versions.get(version);
        return n == null ? 0 : n.sum();
    }

    /** Every answer so far. */
    long total() {
        return versions.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Failures so far by kind. */
    Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((v, n) -> out.put(v, n.sum()));
        return out;
    }

    /** Stops the users; returns once every request under way has ended. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(15_000);
        }
    }
}
