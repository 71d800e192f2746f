package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client does to the gateway, reproduced over real sockets (the probe report of
 * 2026-12-01): uploads an endpoint answers early, clients that give up, silent connections, half-closed connections.
 * Every test ends by waiting for the client-connection gauge to return to zero: no socket outlives its timeouts.
 */
class GatewayHostileClientTest {

    private static final Pattern CLIENTS = Pattern.compile("(?m)^horizon_client_connections (\\d+)$");
    private static final Pattern EJECTIONS =
        Pattern.compile("(?m)^horizon_ejections_total\\{service=\"shop\"} (\\d+)$");

    private final GatewayTestKit kit = new GatewayTestKit();

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private static GatewayConfig config(Timeouts timeouts, int maxConnections, String... addresses) {
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (String a : addresses) {
            endpoints.add(new EndpointConfig(a, 1, ""));
        }
        ServiceConfig shop = new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null, null,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            endpoints);
        return new GatewayConfig(new InetSocketAddress("127.0.0.1", 0), timeouts, List.of(), maxConnections,
            Duration.ofSeconds(1), 1, false, List.of(new Route("all", RouteMatch.ANY, "shop")), Map.of("shop", shop));
    }

    private static Timeouts timeouts(Duration requestHeaders) {
        return new Timeouts(Duration.ofSeconds(2), requestHeaders, Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ZERO);
    }

    @Test
    void anEarlyAnswerToALargeUploadReachesTheClientAndTheConnectionCloses() throws Exception {
        // answers as soon as the head is in, then closes with the body unread: the kernel resets the connection
        RawBackend early = kit.closeLater(RawBackend.answering(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found", true));
        Gateway g = kit.gateway(config(timeouts(Duration.ofSeconds(10)), 10_000, early.address()));

        for (int run = 0; run < 12; run++) {
            try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nHost: s\r\nContent-Length: 20000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                AtomicLong sent = new AtomicLong();
                Thread uploader = Thread.ofVirtual().start(() -> upload(out, 20_000_000, sent));
                String response = readAll(s.getInputStream());
                assertThat(response).as("run %d", run).startsWith("HTTP/1.1 404 Not Found\r\n")
                    .contains("connection: close\r\n").endsWith("\r\n\r\nnot found");
                uploader.join(10_000);
                assertThat(uploader.isAlive()).as("the upload ended (the gateway closed the connection)").isFalse();
                assertThat(sent.get()).as("the gateway stopped taking the unwanted body").isLessThan(20_000_000);
            }
        }
        awaitNoClientConnections(g);
    }

    @Test
    void anEarlyAnswerWhileTheClientStallsItsUploadStillClosesTheConnection() throws Exception {
        RawBackend early = kit.closeLater(RawBackend.answering(
            "HTTP/1.1 413 Content Too Large\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbig", true));
        Gateway g = kit.gateway(config(timeouts(Duration.ofSeconds(10)), 10_000, early.address()));

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /upload HTTP/1.1\r\nHost: s\r\nContent-Length: 5000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100_000]);
            out.flush();
            // the client sends nothing more and reads: the gateway must answer and then close by itself
            String response = readAll(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").endsWith("\r\n\r\nbig");
        }
        awaitNoClientConnections(g);
    }

    @Test
    void clientsThatGiveUpDoNotEjectAHealthyEndpoint() throws Exception {
        TestBackend slow = kit.closeLater(new TestBackend(seen -> new TestBackend.Reply(200, Map.of(), "slow",
            false, 300)));
        TestBackend other = kit.backend("other");
        Gateway g = kit.gateway(config(timeouts(Duration.ofSeconds(10)), 10_000, slow.address(), other.address()));

        for (int i = 0; i < 12; i++) {
            try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.setSoTimeout(50);
                try {
                    s.getInputStream().read();
                } catch (IOException timedOut) {
                    // the client gives up after 50 ms, with the request in flight
                }
                s.setSoLinger(true, 0); // and resets, as a browser tab that is closed does
            }
        }
        awaitNoClientConnections(g);
        assertThat(metric(g, EJECTIONS)).as("ejections").isZero();
        assertThat(g.services().list().get(0).endpoints())
            .allSatisfy(e -> assertThat(e.health()).isEqualTo("healthy"));
    }

    @Test
    void aSilentConnectionGets408AfterTheRequestHeadersTimeout() throws Exception {
        TestBackend a = kit.backend("a");
        Gateway g = kit.gateway(config(timeouts(Duration.ofMillis(300)), 10_000, a.address()));

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(10_000);
            long start = System.nanoTime();
            String response = readAll(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("connection: close\r\n");
            assertThat(System.nanoTime() - start).as("not before the timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        }
        awaitNoClientConnections(g);
    }

    @Test
    void atTheConnectionLimitTheOldestSilentConnectionMakesRoomForANewClient() throws Exception {
        TestBackend a = kit.backend("a");
        Gateway g = kit.gateway(config(timeouts(Duration.ofSeconds(30)), 3, a.address()));
        int port = g.address().getPort();

        try (Socket oldest = new Socket("127.0.0.1", port)) {
            awaitClientConnections(g, 1);
            try (Socket two = new Socket("127.0.0.1", port); Socket three = new Socket("127.0.0.1", port)) {
                awaitClientConnections(g, 3);
                try (Socket fresh = new Socket("127.0.0.1", port)) {
                    fresh.setSoTimeout(5_000);
                    fresh.getOutputStream().write("GET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readAll(fresh.getInputStream())).startsWith("HTTP/1.1 200 OK").endsWith("a");
                }
                oldest.setSoTimeout(5_000);
                assertThat(oldest.getInputStream().read()).as("the oldest silent connection was closed")
                    .isEqualTo(-1);
                assertThat(two.isClosed()).isFalse();
            }
        }
        awaitNoClientConnections(g);
    }

    @Test
    void aHalfClosedClientGetsAnAnswerToEveryRequestItSent() throws Exception {
        TestBackend a = kit.backend("a");
        Gateway g = kit.gateway(config(timeouts(Duration.ofSeconds(10)), 10_000, a.address()));

        for (int requests : new int[] {1, 100}) {
            try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: s\r\n\r\n".repeat(requests)
                    .getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                String all = readAll(s.getInputStream());
                assertThat(all.split("HTTP/1.1 200 OK\r\n", -1)).as("%d responses", requests).hasSize(requests + 1);
                assertThat(all).endsWith("a");
            }
        }
        awaitNoClientConnections(g);
    }

    @Test
    void aHalfCloseInTheMiddleOfARequestBodyClosesTheConnection() throws Exception {
        TestBackend a = kit.backend("a");
        Gateway g = kit.gateway(config(timeouts(Duration.ofSeconds(10)), 10_000, a.address()));

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 10\r\n\r\nabc"
                .getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertThat(readAll(s.getInputStream())).isEmpty();
        }
        awaitNoClientConnections(g);
        assertThat(metric(g, EJECTIONS)).isZero();
    }

    @Test
    void aHeldRequestWhoseBodyNeverCompletesGets408AfterTheBackendTimeout() throws Exception {
        TestBackend a = kit.backend("a");
        Gateway g = kit.gateway(config(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofMillis(400), Duration.ZERO), 10_000, a.address()));

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(10_000);
            // idempotent, so held for a retry until its body is complete: it never is
            s.getOutputStream().write("PUT /x HTTP/1.1\r\nHost: s\r\nContent-Length: 10\r\n\r\nabc"
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .contains("request body stalled for 400 ms");
        }
        awaitNoClientConnections(g);
        assertThat(a.seen()).isEmpty();
    }

    @Test
    void aClientThatStopsReadingALargeResponseIsCutOffWithoutChargingTheEndpoint() throws Exception {
        String big = "x".repeat(16 * 1024 * 1024);
        TestBackend one = kit.closeLater(new TestBackend(seen -> TestBackend.Reply.ok(big)));
        TestBackend two = kit.closeLater(new TestBackend(seen -> TestBackend.Reply.ok(big)));
        // idle 1 s: where the kernel's buffers take the whole response, the exchange ends and the idle timeout cuts
        // the client off instead of the stall check; either way the endpoint must not be charged. Backend 1.5 s:
        // building a 16 MiB answer takes the test backend a while on a loaded machine, and that would be its fault.
        Gateway g = kit.gateway(config(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(1), Duration.ofMillis(1_500), Duration.ZERO), 10_000, one.address(), two.address()));

        for (int i = 0; i < 10; i++) {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", g.address().getPort()));
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                // never reads: the gateway must give up on this client, not on the endpoint
                await(() -> metric(g, CLIENTS) == 0, "the stalled client cut off");
            }
        }
        assertThat(metric(g, EJECTIONS)).as("ejections").isZero();
    }

    @Test
    void pipelinedRequestsAfterAnAnswerThatClosesAreNotForwarded() throws Exception {
        TestBackend a = kit.backend("a");
        GatewayConfig base = config(timeouts(Duration.ofSeconds(10)), 10_000, a.address());
        // only /two has a route: /one gets the gateway's own 404 at once, while /two waits in the queue
        Gateway g = kit.gateway(base.withRoutesAndServices(List.of(new Route("two",
            new RouteMatch(null, "/two", null, null, Map.of(), Map.of(), Map.of()), "shop")), base.services()));

        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /one HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"
                + "POST /two HTTP/1.1\r\nHost: s\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII));
            String all = readAll(s.getInputStream());
            assertThat(all.split("HTTP/1.1 ", -1)).as("one response").hasSize(2);
        }
        awaitNoClientConnections(g);
        assertThat(a.seen()).isEmpty();
    }

    private static void upload(OutputStream out, long total, AtomicLong sent) {
        byte[] piece = new byte[64 * 1024];
        try {
            while (sent.get() < total) {
                int n = (int) Math.min(piece.length, total - sent.get());
                out.write(piece, 0, n);
                sent.addAndGet(n);
            }
            out.flush();
        } catch (IOException closed) {
            // the gateway closed the connection after its answer: the upload stops here
        }
    }

    private static String readAll(InputStream in) throws IOException {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0;) {
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // a reset after the answer still leaves what was read
        }
        return got.toString();
    }

    private static long metric(Gateway g, Pattern p) {
        Matcher m = p.matcher(g.metricsText());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void awaitClientConnections(Gateway g, long n) throws InterruptedException {
        await(() -> metric(g, CLIENTS) == n, "client connections = " + n);
    }

    private static void awaitNoClientConnections(Gateway g) throws InterruptedException {
        awaitClientConnections(g, 0);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
