package dev.horizon.showcase;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's shoppers: a changing number of {@link Shopper}s on virtual threads sharing one HTTP client (keep-alive
 * connections to the gateway). Their requests are counted into the current phase's {@link TrafficStats}, into the
 * whole run's, and into a short window for the live status line.
 */
final class ShopTraffic implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final SplittableRandom seeds;
    private final List<Thread> shoppers = new ArrayList<>();
    private final AtomicReference<TrafficStats> phase = new AtomicReference<>(new TrafficStats());
    private final AtomicReference<TrafficStats> window = new AtomicReference<>(new TrafficStats());
    private final TrafficStats total = new TrafficStats();

    ShopTraffic(URI base, long seed) {
        this.base = base;
        this.seeds = new SplittableRandom(seed);
    }

    /** Changes the number of shoppers: starts new ones or stops the newest. */
    synchronized void users(int count) {
        while (shoppers.size() < count) {
            String name = "shopper-" + shoppers.size();
            Shopper s = new Shopper(client, base, name, seeds.split(), sink);
            shoppers.add(Thread.ofVirtual().name(name).start(s));
        }
        while (shoppers.size() > count) {
            shoppers.removeLast().interrupt();
        }
    }

    synchronized int users() {
        return shoppers.size();
    }

    /** Starts counting into a new phase's stats and returns them. */
    TrafficStats newPhase() {
        TrafficStats next = new TrafficStats();
        phase.set(next);
        return next;
    }

    /** Starts a new live window and returns the one that ends. */
    TrafficStats rollWindow() {
        return window.getAndSet(new TrafficStats());
    }

    TrafficStats total() {
        return total;
    }


    /** Stops every shopper and waits for them. */
    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(shoppers);
            users(0);
        }
        for (Thread t : stopping) {
            t.join(Duration.ofSeconds(12));
        }
        client.close();
    }

    /** Reports into the current phase, the current window and the total. */
    private final TrafficSink sink = new TrafficSink() {
        @Override
        public void ok(long nanos) {
            phase.get().ok(nanos);
            window.get().ok(nanos);
            total.ok(nanos);
        }

        @Override
        public void failed(long nanos, String reason) {
            phase.get().failed(nanos, reason);
            window.get().failed(nanos, reason);
            total.failed(nanos, reason);
        }

        @Override
        public void mismatch(String reason) {
            phase.get().mismatch(reason);
            window.get().mismatch(reason);
            total.mismatch(reason);
        }
    };
}
