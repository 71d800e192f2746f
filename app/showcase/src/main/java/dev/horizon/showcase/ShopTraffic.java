package dev.horizon.showcase;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The demo's shoppers: a changing number of {@link Shopper}s on virtual threads sharing one HTTP client (keep-alive
 * connections to the gateway). Their requests are counted into the current phase's {@link TrafficStats}, into the
 * whole run's, into a short window for the live status line, and into the rollout's while one is followed.
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
    /** The rollout's stats while one is followed; else stats nobody reads. */
    private final AtomicReference<TrafficStats> rollout = new AtomicReference<>(new TrafficStats());

    ShopTraffic(URI base, long seed) {
        this.base = base;
        this.seeds = new SplittableRandom(seed);
    }

    /** Changes the number of shoppers: starts new ones or stops the newest. */
    synchronized void users(int count) {
        while (shoppers.size() < count) {
            int n = shoppers.size();
            String name = "shopper-" + n;
            Shopper s = new Shopper(client, base, name, address(n), n % Shopper.IMPATIENT_ONE_IN
                == Shopper.IMPATIENT_ONE_IN - 1, seeds.split(), sink);
            shoppers.add(Thread.ofVirtual().name(name).start(s));
        }
        while (shoppers.size() > count) {
            shoppers.removeLast().interrupt();
        }
    }

    /** The client address shopper {@code n} stands for: {@code 10.0.0.1}, {@code 10.0.0.2}, ... */
    static String address(int n) {
        int a = n + 1;
        return "10." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
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

    /** Starts counting into a rollout's stats (until {@link #endRollout}) and returns them. */
    TrafficStats startRollout() {
        TrafficStats during = new TrafficStats();
        rollout.set(during);
        return during;
    }

    /** Stops counting into the rollout's stats. */
    void endRollout() {
        rollout.set(new TrafficStats());
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

    /** Reports into the current phase, the current window, the total and the rollout's. */
    private final TrafficSink sink = new TrafficSink() {
        @Override
        public void ok(long nanos) {
            each(s -> s.ok(nanos));
        }

        @Override
        public void failed(long nanos, int status, String reason) {
            each(s -> s.failed(nanos, status, reason));
        }

        @Override
        public void mismatch(String reason) {
            each(s -> s.mismatch(reason));
        }

        @Override
        public void answeredBy(String version) {
            each(s -> s.answeredBy(version));
        }

        @Override
        public void loggedOut() {
            each(TrafficStats::loggedOut);
        }

        @Override
        public void cartLost() {
            each(TrafficStats::cartLost);
        }

        private void each(Consumer<TrafficStats> report) {
            report.accept(phase.get());
            report.accept(window.get());
            report.accept(total);
            report.accept(rollout.get());
        }
    };
}
