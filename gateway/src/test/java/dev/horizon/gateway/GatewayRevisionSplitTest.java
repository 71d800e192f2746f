package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.HealthCheck;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.testing.Eventually;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revision splits end to end, over real sockets: two stable endpoints (revision 1) and two canary endpoints
 * (revision 2) behind one service balanced round robin; the exact interleave, session cookies, previews, an empty
 * canary, weight changes by reload, and sticky sessions within a revision.
 */
class GatewayRevisionSplitTest {

    private static final GatewayTestKit KIT = new GatewayTestKit();
    private static final String PREVIEW = RevisionSplit.DEFAULT_PREVIEW_HEADER;
    private static List<EndpointConfig> fleet;
    private @Nullable Gateway gateway;

    @BeforeAll
    static void backends() {
        fleet = List.of(endpoint("stable-a", "1"), endpoint("stable-b", "1"), endpoint("canary-a", "2"),
            endpoint("canary-b", "2"));
    }

    @AfterAll
    static void stopBackends() throws Exception {
        KIT.close();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    private static EndpointConfig endpoint(String name, String revision) {
        return new EndpointConfig(KIT.backend(name).address(), 1, "", revision);
    }

    /**
     * The service {@code shop}: round robin, no health checks or outlier detection, over {@code endpoints}, split
     * by {@code split} (null: none).
     */
    static ServiceConfig shop(@Nullable RevisionSplit split, @Nullable Sticky sticky, List<EndpointConfig> endpoints) {
        return new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, sticky, null, null,
            RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT, endpoints, split);
    }

    static GatewayConfig config(ServiceConfig service) {
        return GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(new Route("all", RouteMatch.ANY,
            "shop")), List.of(service));
    }

    private Gateway start(RevisionSplit split) {
        gateway = Gateway.start(config(shop(split, null, fleet)));
        return gateway;
    }

    /** The backend that answered, or the gateway's status code when it answered itself. */
    private static String servedBy(Gateway g, String... headers) throws Exception {
        HttpResponse<String> r = KIT.get(g, "/", headers);
        return r.statusCode() == 200 ? r.body() : String.valueOf(r.statusCode());
    }

    @Test
    void tenThousandRequestsAtFivePercentLandExactlyFiveHundredOnTheCanaryFromConcurrentClients() throws Exception {
        Gateway g = start(RevisionSplit.of("1", "2", 500));
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 2_500; i++) {
                        served.computeIfAbsent(servedBy(g), k -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        assertThat(failures).isEmpty();
        // 2 + 2 endpoints do not matter: 500 of 10,000 exactly, each revision's pair sharing its part round robin
        assertThat(Map.copyOf(served)).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().get())
            .containsExactlyInAnyOrder("stable-a=4750", "stable-b=4750", "canary-a=250", "canary-b=250");
    }

    @Test
    void aSessionCookieKeepsEachUserOnOneRevisionAndRaisingTheWeightOnlyMovesUsersToTheCanary() throws Exception {
        Gateway g = start(RevisionSplit.of("1", "2", 500).withSessionCookie("SESSION"));
        SplittableRandom random = new SplittableRandom(2026);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            users.add(Long.toHexString(random.nextLong()));
        }
        Set<String> canaryAtFive = canaryUsers(g, users);
        // binomial(2,000, 5 %): mean 100, standard deviation 9.7; the seeded draw gives a fixed count within 3 sd
        assertThat(canaryAtFive).hasSizeBetween(100 - 30, 100 + 30);
        for (String user : users.subList(0, 20)) {
            Set<String> revisions = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                revisions.add(servedBy(g, "Cookie", "SESSION=" + user).substring(0, 6));
            }
            assertThat(revisions).as("user %s", user).hasSize(1);
        }

        g.reload(config(shop(RevisionSplit.of("1", "2", 2_500).withSessionCookie("SESSION"), null, fleet)));
        Set<String> canaryAtTwentyFive = canaryUsers(g, users);
        assertThat(canaryAtTwentyFive).containsAll(canaryAtFive).hasSizeBetween(500 - 58, 500 + 58);
    }

    private static Set<String> canaryUsers(Gateway g, List<String> users) throws Exception {
        Set<String> canary = new HashSet<>();
        for (String user : users) {
            if (servedBy(g, "Cookie", "SESSION=" + user).startsWith("canary")) {
                canary.add(user);
            }
        }
        return canary;
    }

    @Test
    void aPreviewHeaderOrCookieForcesARevisionWhateverTheWeight() throws Exception {
        Gateway g = start(RevisionSplit.of("1", "2", 0));
        assertThat(servedBy(g)).startsWith("stable");
        assertThat(servedBy(g, PREVIEW, "always")).startsWith("canary");
        assertThat(servedBy(g, PREVIEW, "ALWAYS")).startsWith("canary");
        assertThat(servedBy(g, "Cookie", "horizon_canary=always")).startsWith("canary");
        assertThat(servedBy(g, PREVIEW, "yes")).as("not a preview value").startsWith("stable");
        g.reload(config(shop(RevisionSplit.of("1", "2", RevisionSplit.ALL), null, fleet)));
        assertThat(servedBy(g)).startsWith("canary");
        assertThat(servedBy(g, PREVIEW, "never")).startsWith("stable");
        assertThat(servedBy(g, "Cookie", "horizon_canary=never")).startsWith("stable");
        assertThat(servedBy(g, PREVIEW, "never", "Cookie", "horizon_canary=always")).as("the header first")
            .startsWith("stable");
    }

    @Test
    void aWeightedChoiceOfAnEmptyCanaryFallsBackToStableButAPreviewOfItIsAnswered503() throws Exception {
        EndpointConfig unlabelled = new EndpointConfig(KIT.backend("unlabelled").address(), 1, "");
        List<EndpointConfig> stableOnly = List.of(fleet.get(0), fleet.get(1), unlabelled);
        Gateway g = Gateway.start(config(shop(RevisionSplit.of("1", "2", 5_000), null, stableOnly)));
        gateway = g;
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            served.merge(servedBy(g), 1, Integer::sum);
        }
        assertThat(served).as("the unlabelled endpoint is in neither revision").isEqualTo(
            Map.of("stable-a", 50, "stable-b", 50));
        HttpResponse<String> preview = KIT.get(g, "/", PREVIEW, "always");
        assertThat(preview.statusCode()).isEqualTo(503);
        assertThat(preview.body()).contains("no healthy endpoint of revision '2' in service 'shop'");

        Eventually.await("101 requests counted", () -> g.services().list().get(0).revisions().get(0).requests() == 100
            && g.services().list().get(0).revisions().get(1).requests() == 1);
        ServicesView.ServiceStatus status = g.services().list().get(0);
        assertThat(status.revisions()).containsExactly(new ServicesView.RevisionCounts("1", 100, 0, 0),
            new ServicesView.RevisionCounts("2", 1, 1, 50));
        assertThat(g.metricsText()).contains("horizon_revision_fallbacks_total{service=\"shop\",revision=\"2\"} 50\n");
    }

    @Test
    void aCanaryWhoseEndpointsAreAllUnhealthyIsLeftByWeightedChoicesButNotByAPreview() throws Exception {
        TestBackend sick = KIT.closeLater(new TestBackend(seen -> seen.uri().equals("/health")
            ? TestBackend.Reply.status(503, "down") : TestBackend.Reply.ok("sick")));
        HealthProbe probe = new HealthProbe("/health", new HealthCheck(Duration.ofMillis(50), Duration.ofMillis(200),
            1, 1), 200, 399);
        List<EndpointConfig> endpoints = List.of(fleet.get(0), fleet.get(1),
            new EndpointConfig(sick.address(), 1, "", "2"));
        ServiceConfig service = shop(RevisionSplit.of("1", "2", 5_000), null, endpoints);
        Gateway g = Gateway.start(config(new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null,
            probe, null, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            service.endpoints(), service.split())));
        gateway = g;
        Eventually.await("the canary endpoint unhealthy", () -> g.services().list().get(0).endpoints().get(2)
            .health().equals("unhealthy"));
        assertThat(g.services().list().get(0).panic()).as("the canary's pool, 0 of 1 healthy").isTrue();
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            served.merge(servedBy(g), 1, Integer::sum);
        }
        assertThat(served).isEqualTo(Map.of("stable-a", 50, "stable-b", 50));
        assertThat(g.services().list().get(0).revisions().get(1).fallbacks()).isEqualTo(50);
        assertThat(servedBy(g, PREVIEW, "always")).as("a preview goes where it asks: panic mode serves it")
            .isEqualTo("sick");
    }

    @Test
    void aReloadChangesTheWeightAndTheInterleaveGoesOnExactly() throws Exception {
        Gateway g = start(RevisionSplit.of("1", "2", 0));
        assertThat(canaryCount(g, 100)).isZero();
        g.reload(config(shop(RevisionSplit.of("1", "2", RevisionSplit.ALL), null, fleet)));
        assertThat(canaryCount(g, 100)).isEqualTo(100);
        g.reload(config(shop(RevisionSplit.of("1", "2", 2_000), null, fleet)));
        assertThat(canaryCount(g, 1_000)).isEqualTo(200);
        g.reload(config(shop(RevisionSplit.of("1", "2", 700), null, fleet)));
        assertThat(canaryCount(g, 1_000)).isEqualTo(70);
        g.reload(config(shop(RevisionSplit.of("1", "2", 700), null, fleet).withSplit(null)));
        assertThat(canaryCount(g, 100)).as("no split: round robin over all four").isEqualTo(50);
    }

    private static int canaryCount(Gateway g, int requests) throws Exception {
        int canary = 0;
        for (int i = 0; i < requests; i++) {
            canary += servedBy(g).startsWith("canary") ? 1 : 0;
        }
        return canary;
    }

    @Test
    void aStickyCookiePinsAnEndpointWithinTheChosenRevisionOnly() throws Exception {
        gateway = Gateway.start(config(shop(RevisionSplit.of("1", "2", 0), new Sticky("HZ_STICKY",
            Duration.ofHours(1)), fleet)));
        Gateway g = gateway;
        HttpResponse<String> first = KIT.get(g, "/");
        String cookie = first.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        assertThat(first.body()).startsWith("stable");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> again = KIT.get(g, "/", "Cookie", cookie);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.headers().firstValue("set-cookie")).isEmpty();
        }
        HttpResponse<String> preview = KIT.get(g, "/", "Cookie", cookie, PREVIEW, "always");
        assertThat(preview.body()).as("the pinned endpoint is not in the canary").startsWith("canary");
        assertThat(preview.headers().firstValue("set-cookie")).isPresent();
    }
}
