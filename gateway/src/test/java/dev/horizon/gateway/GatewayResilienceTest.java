package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.HealthCheck;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health checks, stickiness, deadlines and shutdown, end to end over real sockets. */
class GatewayResilienceTest {

    private final GatewayTestKit kit = new GatewayTestKit();
    private final HttpClient client = kit.client();

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private TestBackend backend(String name) {
        return kit.backend(name);
    }

    private Gateway gateway(GatewayConfig config) {
        return kit.gateway(config);
    }

    private static GatewayConfig config(ServiceConfig service) {
        return GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, service.name())), List.of(service));
    }

    private static ServiceConfig service(@Nullable HealthProbe health, @Nullable Sticky sticky, String... addresses) {
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (String a : addresses) {
            endpoints.add(new EndpointConfig(a, 1, ""));
        }
        return new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, sticky, health,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            endpoints);
    }

    private String endpointHealth(Gateway g, String address) {
        return g.services().list().get(0).endpoints().stream().filter(e -> e.id().equals(address))
            .findFirst().orElseThrow().health();
    }

    @Test
    void failingEndpointLeavesRotationAfterFallChecksAndReturnsAfterRise() throws Exception {
        TestBackend a = backend("a");
        boolean[] down = {false};
        TestBackend b = new TestBackend(seen -> down[0] && seen.uri().equals("/health")
            ? TestBackend.Reply.status(503, "down") : TestBackend.Reply.ok("b"));
        kit.closeLater(b);
        HealthProbe probe = new HealthProbe("/health", new HealthCheck(Duration.ofMillis(100),
            Duration.ofMillis(200), 2, 3), 200, 399);
        Gateway g = gateway(config(service(probe, null, a.address(), b.address())));

        down[0] = true;
        long start = System.nanoTime();
        while (!endpointHealth(g, b.address()).equals("unhealthy")) {
            assertThat(System.nanoTime() - start).as("out within fall × interval (+jitter, +slack)")
                .isLessThan(Duration.ofMillis(3 * 120 + 400).toNanos());
            Thread.sleep(5);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(get(g, "/").body()).isEqualTo("a");
        }

        down[0] = false;
        start = System.nanoTime();
        while (!endpointHealth(g, b.address()).equals("healthy")) {
            assertThat(System.nanoTime() - start).as("back within rise × interval (+jitter, +slack)")
                .isLessThan(Duration.ofMillis(2 * 120 + 400).toNanos());
            Thread.sleep(5);
        }
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(get(g, "/").body());
        }
        assertThat(bodies).contains("a", "b");
    }

    @Test
    void stickyCookiePinsTheClientAndFallsBackWhenItsEndpointIsGone() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        Gateway g = gateway(config(service(null, new Sticky("HZ", Duration.ofHours(1)), a.address(),
            b.address())));

        HttpResponse<String> first = get(g, "/");
        String cookie = first.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).startsWith("HZ=").contains("Max-Age=3600", "HTTPOnly");
        String value = cookie.substring(0, cookie.indexOf(';'));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = get(g, "/", "Cookie", value);
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(r.headers().firstValue("set-cookie")).isEmpty();
        }
        String forged = value.replace(first.body().equals("a") ? a.address() : b.address(),
            first.body().equals("a") ? b.address() : a.address());
        assertThat(get(g, "/", "Cookie", forged).headers().firstValue("set-cookie")).as("forged cookie ignored")
            .isPresent();

        g.services().drain("shop", first.body().equals("a") ? a.address() : b.address(), true);
        HttpResponse<String> moved = get(g, "/", "Cookie", value);
        assertThat(moved.body()).isNotEqualTo(first.body());
        assertThat(moved.headers().firstValue("set-cookie")).isPresent();
    }

    @Test
    void drainingOrRemovingAnEndpointClosesItsIdleKeepAliveConnections() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        Gateway g = gateway(config(service(null, null, a.address(), b.address())));
        for (int i = 0; i < 6; i++) {
            assertThat(get(g, "/").statusCode()).isEqualTo(200);
        }
        assertThat(a.openConnections()).as("pooled connection to a").isPositive();
        assertThat(b.openConnections()).as("pooled connection to b").isPositive();

        assertThat(g.services().drain("shop", a.address(), true)).isTrue();
        awaitConnections(a, 0);
        assertThat(b.openConnections()).as("b keeps its pooled connections").isPositive();

        g.reload(config(service(null, null, a.address())));
        awaitConnections(b, 0);
    }

    private static void awaitConnections(TestBackend backend, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (backend.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(backend.openConnections()).isEqualTo(expected);
    }

    @Test
    void gatewaysWithTheSameStickySecretAcceptEachOthersCookiesAndOthersDoNot() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        Sticky shared = new Sticky("HZ", Duration.ofHours(1), "the shop's shared sticky secret");
        Gateway one = gateway(config(service(null, shared, a.address(), b.address())));
        Gateway two = gateway(config(service(null, shared, a.address(), b.address())));
        Sticky foreign = new Sticky("HZ", Duration.ofHours(1), "another secret, not shared");
        Gateway other = gateway(config(service(null, foreign, a.address(), b.address())));

        HttpResponse<String> first = get(one, "/");
        String cookie = first.headers().firstValue("set-cookie").orElseThrow();
        String value = cookie.substring(0, cookie.indexOf(';'));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = get(two, "/", "Cookie", value);
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(r.headers().firstValue("set-cookie")).as("accepted, so no new cookie").isEmpty();
        }
        assertThat(get(other, "/", "Cookie", value).headers().firstValue("set-cookie"))
            .as("a foreign cookie is ignored and replaced").isPresent();
    }

    @Test
    void slowHeadGets408AndIdleKeepAliveConnectionIsClosedSilently() throws Exception {
        TestBackend a = backend("a");
        GatewayConfig config = config(service(null, null, a.address())).withTimeouts(new Timeouts(
            Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(5),
            Duration.ZERO));
        Gateway g = gateway(config);

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(3_000);
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(s.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("connection: close");
            assertThat(System.nanoTime() - start).isBetween(Duration.ofMillis(250).toNanos(),
                Duration.ofMillis(1_500).toNanos());
        }
        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(3_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String served = "";
            while (!served.endsWith("\r\n\r\na")) {
                served += (char) in.read();
            }
            long start = System.nanoTime();
            assertThat(in.read()).as("idle keep-alive connection closed without a response").isEqualTo(-1);
            assertThat(System.nanoTime() - start).isBetween(Duration.ofMillis(550).toNanos(),
                Duration.ofMillis(2_000).toNanos());
        }
    }

    @Test
    void shutdownLetsInFlightRequestsFinishAndRefusesNewConnections() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        TestBackend slow = new TestBackend(seen -> {
            arrived.countDown();
            return TestBackend.Reply.ok("done").delayed(500);
        });
        kit.closeLater(slow);
        Gateway g = Gateway.start(config(service(null, null, slow.address())));
        int port = g.address().getPort();

        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("request reached the backend").isTrue();
        boolean clean = g.shutdown(Duration.ofSeconds(5));

        assertThat(clean).isTrue();
        assertThat(inFlight.get().statusCode()).isEqualTo(200);
        assertThat(inFlight.get().body()).isEqualTo("done");
        assertThat(canConnect(port)).isFalse();
    }

    @Test
    void slowEndpointGets504AfterTheBackendTimeoutAndTotalTimeoutCoversRetries() throws Exception {
        TestBackend slow = new TestBackend(seen -> TestBackend.Reply.ok("late").delayed(2_000));
        kit.closeLater(slow);
        Gateway g = gateway(config(service(null, null, slow.address())).withTimeouts(new Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(400),
            Duration.ZERO)));

        long start = System.nanoTime();
        HttpResponse<String> r = get(g, "/");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("\"cause\":\"endpoint " + slow.address() + " did not answer within 400 ms\"");
        assertThat(System.nanoTime() - start).isBetween(Duration.ofMillis(380).toNanos(),
            Duration.ofMillis(1_500).toNanos());

        Gateway total = gateway(config(service(null, null, slow.address())).withTimeouts(new Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofMillis(300))));
        HttpResponse<String> t = get(total, "/");
        assertThat(t.statusCode()).isEqualTo(504);
        assertThat(t.body()).contains("request not completed within the total timeout of 300 ms");
    }

    @Test
    void expectContinueIsRelayedAndTheBodyForwarded() throws Exception {
        TestBackend echo = new TestBackend(seen -> TestBackend.Reply.ok("got " + seen.body()));
        kit.closeLater(echo);
        Gateway g = gateway(config(service(null, null, echo.address())));

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /x HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] interim = new byte[25];
            int n = s.getInputStream().readNBytes(interim, 0, interim.length);
            assertThat(new String(interim, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rest = readAll(s.getInputStream());
            assertThat(rest).startsWith("HTTP/1.1 200 OK\r\n").endsWith("got hello");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtAcceptWhenEveryOpenOneIsBusy() throws Exception {
        TestBackend slow = new TestBackend(seen -> new TestBackend.Reply(200, Map.of(), "slow", false, 2_000));
        kit.closeLater(slow);
        GatewayConfig base = config(service(null, null, slow.address()));
        Gateway g = gateway(new GatewayConfig(base.listen(), base.timeouts(), base.trustedProxies(), 2,
            base.drainTimeout(), 1, false, base.routes(), base.services()));

        try (Socket one = new Socket("127.0.0.1", g.address().getPort());
             Socket two = new Socket("127.0.0.1", g.address().getPort())) {
            for (Socket busy : List.of(one, two)) {
                busy.getOutputStream().write("GET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            }
            while (slow.seen().size() < 2) {
                Thread.sleep(5);
            }
            try (Socket three = new Socket("127.0.0.1", g.address().getPort())) {
                three.setSoTimeout(3_000);
                assertThat(three.getInputStream().read()).as("third connection closed").isEqualTo(-1);
            }
            one.setSoTimeout(5_000);
            assertThat(readAll(one.getInputStream())).startsWith("HTTP/1.1 200 OK").endsWith("slow");
        }
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> get(Gateway g, String path, String... headers) throws Exception {
        return kit.get(g, path, headers);
    }

    private static String readAll(InputStream in) throws IOException {
        return GatewayTestKit.readAll(in);
    }
}
