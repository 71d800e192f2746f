package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 to clients end to end with real clients — Java's {@code HttpClient}, {@code curl --http2} and
 * {@code --http2-prior-knowledge}, {@code openssl s_client} — each stream served by HTTP/1.1 endpoints through the
 * same routing, retries, rate limits and metrics as an HTTP/1.1 request, and drained on shutdown.
 */
class GatewayHttp2Test {

    @TempDir
    Path dir;

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestCertificates certs;
    private TestBackend backend;
    private TlsConfig.Certificate cert;

    @BeforeEach
    void certificates() throws IOException {
        TestCertificates.assumeOpenssl();
        certs = new TestCertificates(dir);
        cert = certs.leaf("a", TestCertificates.Key.EC_P256, 0x1001, false, "a.test", "localhost");
        backend = kit.backend("shop-1");
    }

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private GatewayConfig config(List<Route> routes, String... endpoints) {
        return config(routes, Algorithm.LEAST_REQUEST, endpoints);
    }

    private GatewayConfig config(List<Route> routes, Algorithm algorithm, String... endpoints) {
        List<EndpointConfig> eps = new ArrayList<>();
        for (String e : endpoints) {
            eps.add(new EndpointConfig(e, 1, ""));
        }
        ServiceConfig shop = new ServiceConfig("shop", algorithm, HashOn.CLIENT_IP, 0, null, null,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT, eps);
        return GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), routes, List.of(shop))
            .withTls(TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(cert)));
    }

    private Gateway gateway() {
        return kit.gateway(config(List.of(new Route("all", RouteMatch.ANY, "shop")), backend.address()));
    }

    private static int tlsPort(Gateway g) {
        return Objects.requireNonNull(g.tlsAddress(), "tls listener").getPort();
    }

    private HttpClient h2Client() throws Exception {
        SSLContext context = certs.trustingCa();
        return kit.closeLater(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(context)
            .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private static HttpRequest.Builder request(Gateway g, String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort(g) + path))
            .timeout(Duration.ofSeconds(10));
    }

    @Test
    void javaHttpClientSpeaksH2AndTheEndpointGetsHttp11WithHttps() throws Exception {
        Gateway g = gateway();
        HttpClient client = h2Client();

        HttpResponse<String> r = client.send(request(g, "/cart?x=1").header("cookie", "a=1").build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("shop-1");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(r.headers().firstValue("connection")).isEmpty();
        TestBackend.Seen seen = backend.seen().get(0);
        assertThat(seen.uri()).isEqualTo("/cart?x=1");
        assertThat(seen.header("host")).isEqualTo("localhost:" + tlsPort(g));
        assertThat(seen.header("x-forwarded-proto")).isEqualTo("https");
        assertThat(seen.header("cookie")).isEqualTo("a=1");
    }

    @Test
    void manyConcurrentStreamsOnOneConnectionAndPostBodies() throws Exception {
        Gateway g = gateway();
        backend.handler(s -> TestBackend.Reply.ok(s.method() + " " + s.uri() + " " + s.body()));
        HttpClient client = h2Client();
        client.send(request(g, "/warm").build(), HttpResponse.BodyHandlers.ofString());

        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest req = i % 2 == 0 ? request(g, "/get/" + i).build()
                : request(g, "/post/" + i).POST(HttpRequest.BodyPublishers.ofString("body-" + i)).build();
            all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }

        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = all.get(i).get(20, TimeUnit.SECONDS);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.body()).isEqualTo(i % 2 == 0 ? "GET /get/" + i + " " : "POST /post/" + i + " body-" + i);
        }
        // one TLS connection carried them all
        assertThat(g.metricsText()).contains("horizon_client_connections 1\n");
    }

    @Test
    void curlOverTlsNegotiatesH2AndPostsAChunkedBody() throws IOException {
        Gateway g = gateway();
        backend.handler(s -> TestBackend.Reply.ok(s.method() + ":" + s.body()));
        int port = tlsPort(g);
        String resolve = "a.test:" + port + ":127.0.0.1";

        String out = TestCertificates.run("sh", "-c", "printf 'streamed body' | curl -sS --http2 --cacert "
            + certs.ca() + " --resolve " + resolve + " -H 'Transfer-Encoding: chunked' --data-binary @- "
            + "-w ' %{http_version}' https://a.test:" + port + "/up");

        assertThat(out).isEqualTo("POST:streamed body 2");
    }

    @Test
    void opensslSeesH2SelectedByAlpnAndHttp11WhenOnlyThatIsOffered() throws IOException {
        Gateway g = gateway();
        String connect = "openssl s_client -connect 127.0.0.1:" + tlsPort(g) + " -servername a.test -alpn ";

        assertThat(TestCertificates.run("sh", "-c", connect + "h2,http/1.1 </dev/null 2>&1"))
            .contains("ALPN protocol: h2");
        assertThat(TestCertificates.run("sh", "-c", connect + "http/1.1 </dev/null 2>&1"))
            .contains("ALPN protocol: http/1.1");
    }

    @Test
    void withHttp2DisabledOnlyHttp11IsOffered() throws IOException {
        Gateway g = kit.gateway(config(List.of(new Route("all", RouteMatch.ANY, "shop")), backend.address())
            .withHttp2(new Http2Config(false, false, 100, 16_384, 65_535, 200, Duration.ofSeconds(30), 10_000)));

        assertThat(TestCertificates.run("sh", "-c", "openssl s_client -connect 127.0.0.1:" + tlsPort(g)
            + " -servername a.test -alpn h2,http/1.1 </dev/null 2>&1")).contains("ALPN protocol: http/1.1");
    }

    @Test
    void h2cWithPriorKnowledgeOnThePlainListenerWhenEnabled() throws IOException {
        Gateway g = kit.gateway(config(List.of(new Route("all", RouteMatch.ANY, "shop")), backend.address())
            .withHttp2(new Http2Config(true, true, 100, 16_384, 65_535, 200, Duration.ofSeconds(30), 10_000)));
        String url = "http://127.0.0.1:" + g.address().getPort() + "/plain";

        assertThat(TestCertificates.run("curl", "-sS", "--http2-prior-knowledge", "-w", " %{http_version}", url))
            .isEqualTo("shop-1 2");
        assertThat(TestCertificates.run("curl", "-sS", "--http1.1", "-w", " %{http_version}", url))
            .isEqualTo("shop-1 1.1");
    }

    @Test
    void retriesAndRateLimitsApplyToStreams() throws Exception {
        TestBackend down = kit.backend("down");
        down.handler(s -> TestBackend.Reply.status(503, "down"));
        Route limited = new Route("limited", new RouteMatch(null, "/limited", null, null, Map.of(), Map.of(),
            Map.of()), "shop", RateLimit.local(2, Duration.ofHours(1)));
        // round robin: least-request with equal in-flight counts may pick the healthy endpoint four times
        Gateway g = kit.gateway(config(List.of(limited, new Route("all", RouteMatch.ANY, "shop")),
            Algorithm.ROUND_ROBIN, backend.address(), down.address()));
        HttpClient client = h2Client();

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = client.send(request(g, "/retry").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("shop-1");
        }
        assertThat(down.seen()).isNotEmpty();
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(client.send(request(g, "/limited").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertThat(codes).containsExactly(200, 200, 429);
        String metrics = g.metricsText();
        assertThat(metrics).contains("horizon_requests_total{service=\"shop\",route=\"all\",code=\"200\"} 4");
        assertThat(metrics).contains("code=\"429\"} 1");
    }

    @Test
    void shutdownSendsGoawayAndAHeldStreamFinishes() throws Exception {
        // not the kit's: this test shuts it down itself
        Gateway g = Gateway.start(config(List.of(new Route("all", RouteMatch.ANY, "shop")), backend.address()));
        HttpClient client = h2Client();
        client.send(request(g, "/warm").build(), HttpResponse.BodyHandlers.ofString());
        backend.handler(s -> s.uri().equals("/held") ? TestBackend.Reply.ok("late").held()
            : TestBackend.Reply.ok("served"));
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(request(g, "/held").build(),
            HttpResponse.BodyHandlers.ofString());
        Eventually.await("the request held at the endpoint", () -> backend.heldCount() == 1);

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> g.shutdown(Duration.ofSeconds(10)));
        kit.closeLater(() -> shutdown.get(20, TimeUnit.SECONDS));
        // once the GOAWAY is out a new request fails: the client may not open a stream on this connection, and the
        // listener no longer accepts another
        Eventually.await("new streams refused", () -> {
            try {
                return client.send(request(g, "/new").timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() != 200;
            } catch (IOException | InterruptedException e) {
                return true;
            }
        });
        backend.releaseHeld();

        HttpResponse<String> r = held.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("late");
        assertThat(shutdown.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
