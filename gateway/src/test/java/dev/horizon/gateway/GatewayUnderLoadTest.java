package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.testing.Eventually;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures and reloads while clients keep sending: no GET may fail. */
class GatewayUnderLoadTest {

    private static final int CLIENTS = 8;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Closed-loop load: {@value #CLIENTS} clients sending GETs back to back until stopped. */
    private static final class Load implements AutoCloseable {
        final AtomicInteger ok = new AtomicInteger();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        final Map<String, Integer> served = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Load(int port) {
            for (int i = 0; i < CLIENTS; i++) {
                int id = i;
                threads.add(Thread.ofPlatform().start(() -> {
                    int n = 0;
                    while (running.get()) {
                        HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/c" + id + "/" + n++))
                            .timeout(Duration.ofSeconds(10)).build();
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                                served.merge(r.body(), 1, Integer::sum);
                            } else {
                                failures.merge(r.statusCode() + " " + r.body(), 1, Integer::sum);
                            }
                        } catch (Exception e) {
                            failures.merge(e.toString(), 1, Integer::sum);
                        }
                    }
                }));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
            client.close();
        }
    }

    private static ServiceConfig service(Algorithm algorithm, EndpointConfig... endpoints) {
        return new ServiceConfig("shop", algorithm, HashOn.CLIENT_IP, 0, null, null, OutlierDetection.DEFAULTS,
            RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT, List.of(endpoints));
    }

    private Gateway gateway(ServiceConfig service) {
        Gateway g = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")), List.of(service)));
        open.add(() -> g.shutdown(Duration.ofSeconds(1)));
        return g;
    }

    /**
     * Kills one of three endpoints while {@value #CLIENTS} clients send GETs. Every request that was on the dead
     * endpoint (reset) or picked it before it was ejected (refused) is retried on another one. The retry budget is
     * sized to the clients here ({@code min-concurrent} = {@value #CLIENTS}): with the default of 3, a kill that
     * resets more than 3 requests at once answers the rest 502 — the budget doing its job of bounding retries.
     */
    @Test
    void killingABackendDuringLoadLosesNoGet() throws Exception {
        TestBackend a = new TestBackend("a");
        TestBackend b = new TestBackend("b");
        TestBackend c = new TestBackend("c");
        open.add(a);
        open.add(c);
        ServiceConfig service = service(Algorithm.ROUND_ROBIN, new EndpointConfig(a.address(), 1, ""),
            new EndpointConfig(b.address(), 1, ""), new EndpointConfig(c.address(), 1, ""));
        Gateway g = gateway(new ServiceConfig(service.name(), service.balance(), service.hashOn(), 0, null, null,
            service.outlier(), new RetryPolicy(2, 20, CLIENTS, false), service.slowStart(),
            service.panicThresholdPercent(), service.endpoints()));

        Load load = new Load(g.address().getPort());
        Eventually.await("50 answers from a, b and c",
            () -> load.ok.get() > 50 && load.served.keySet().containsAll(List.of("a", "b", "c")));
        b.close();
        int atKill = load.ok.get();
        Eventually.await("50 answers after b was killed", () -> load.ok.get() > atKill + 50);
        load.close();

        assertThat(load.failures).isEmpty();
        assertThat(load.served.keySet()).contains("a", "b", "c");
    }

    @Test
    void reloadsUnderLoadCauseNoErrors() throws Exception {
        TestBackend a = new TestBackend("a");
        TestBackend b = new TestBackend("b");
        open.add(a);
        open.add(b);
        ServiceConfig first = service(Algorithm.ROUND_ROBIN, new EndpointConfig(a.address(), 1, ""));
        ServiceConfig second = service(Algorithm.WEIGHTED_ROUND_ROBIN, new EndpointConfig(a.address(), 1, ""),
            new EndpointConfig(b.address(), 3, ""));
        Gateway g = gateway(first);
        GatewayConfig base = g.config();

        Load load = new Load(g.address().getPort());
        for (int i = 0; i < 20; i++) {
            int before = load.ok.get();
            Eventually.await("10 answers under reload " + i, () -> load.ok.get() >= before + 10);
            ServiceConfig next = i % 2 == 0 ? second : first;
            g.reload(base.withRoutesAndServices(base.routes(), Map.of("shop", next)));
        }
        int last = load.ok.get();
        Eventually.await("10 answers after the last reload", () -> load.ok.get() >= last + 10);
        load.close();

        assertThat(load.failures).isEmpty();
        assertThat(load.served.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(load.ok.get()).isGreaterThan(200);
    }
}
