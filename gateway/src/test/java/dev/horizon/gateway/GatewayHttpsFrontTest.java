package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TLS listener adds at the front door, with the real {@code curl}: a route's {@code https-redirect} on the
 * plain listener (301 for GET, 308 for POST, followed by curl to the TLS listener), HSTS over TLS only, and the
 * client-certificate header — set from a verified certificate, and a client's own field of that name removed.
 */
class GatewayHttpsFrontTest {

    @TempDir
    Path dir;

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestCertificates certs;
    private TestBackend backend;
    private TlsConfig.Certificate server;

    @BeforeEach
    void certificates() throws IOException {
        TestCertificates.assumeOpenssl();
        certs = new TestCertificates(dir);
        server = certs.leaf("shop", TestCertificates.Key.EC_P256, 0x5005, false, "shop.test");
        backend = kit.backend("shop-1");
    }

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private Gateway gateway(TlsConfig tls, boolean redirect) {
        GatewayConfig plain = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("shop", RouteMatch.ANY, "shop", null, Priority.NORMAL, redirect)),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(backend.address(), 1, "")))));
        return kit.gateway(plain.withTls(tls));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String curl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "-i", "--cacert",
            certs.ca().toString()));
        command.addAll(List.of(args));
        return TestCertificates.run(command.toArray(String[]::new)).replace("\r\n", "\n");
    }

    @Test
    void aRedirectRouteSendsPlainHttpToTheTlsListenerWhichAddsHsts() throws IOException {
        int tlsPort = freePort();
        TlsConfig tls = TlsConfig.of(new InetSocketAddress("127.0.0.1", tlsPort), List.of(server))
            .withHeaders(new TlsConfig.Hsts(Duration.ofDays(365), true), null);
        Gateway g = gateway(tls, true);
        int plainPort = g.address().getPort();
        String plainUrl = "http://shop.test:" + plainPort + "/a/b?c=1&d";
        String resolve = "shop.test:" + plainPort + ":127.0.0.1";
        String resolveTls = "shop.test:" + tlsPort + ":127.0.0.1";

        String get = curl("--resolve", resolve, plainUrl);
        String post = curl("--resolve", resolve, "-d", "x=1", plainUrl);
        String followed = curl("-L", "--resolve", resolve, "--resolve", resolveTls, plainUrl);

        assertThat(get).startsWith("HTTP/1.1 301 Moved Permanently\n")
            .contains("\nlocation: https://shop.test:" + tlsPort + "/a/b?c=1&d\n")
            .doesNotContainIgnoringCase("strict-transport-security");
        assertThat(post).startsWith("HTTP/1.1 308 Permanent Redirect\n")
            .contains("\nlocation: https://shop.test:" + tlsPort + "/a/b?c=1&d\n");
        // curl offers h2 by ALPN and gets it: HSTS rides on the HTTP/2 response as on an HTTP/1.1 one
        assertThat(followed).contains("HTTP/2 200 \n")
            .contains("\nstrict-transport-security: max-age=31536000; includeSubDomains\n").endsWith("\nshop-1");
        assertThat(backend.seen()).hasSize(1);
        assertThat(backend.seen().get(0).uri()).isEqualTo("/a/b?c=1&d");
        // the redirects (two GETs, one POST) are counted under the route's service, and the one request relayed timed
        dev.horizon.testing.Eventually.await("the redirects counted", () -> g.metricsText()
            .contains("horizon_requests_total{service=\"shop\",route=\"shop\",code=\"301\"} 2\n")
            && g.metricsText().contains("horizon_requests_total{service=\"shop\",route=\"shop\",code=\"308\"} 1\n")
            && g.metricsText().contains("horizon_request_duration_seconds_count{service=\"shop\"} 1\n"));
        assertThat(backend.seen().get(0).header("x-forwarded-proto")).isEqualTo("https");
    }

    @Test
    void theGatewaysOwnAnswerOverTlsCarriesHstsToo() throws IOException {
        // the only endpoint refuses connections: the gateway answers 502 itself, over HTTP/1.1 and HTTP/2 alike
        TlsConfig tls = TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(server))
            .withHeaders(new TlsConfig.Hsts(Duration.ofDays(365), true), null);
        GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("shop", RouteMatch.ANY, "shop", null, Priority.NORMAL, false)),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:" + freePort(), 1, "")))))
            .withTls(tls);
        Gateway g = kit.gateway(config);
        int tlsPort = java.util.Objects.requireNonNull(g.tlsAddress()).getPort();
        String url = "https://shop.test:" + tlsPort + "/";
        String resolve = "shop.test:" + tlsPort + ":127.0.0.1";

        String h1 = curl("--http1.1", "--resolve", resolve, url);
        String h2 = curl("--resolve", resolve, url);
        String plain = curl("http://127.0.0.1:" + g.address().getPort() + "/");

        assertThat(h1).startsWith("HTTP/1.1 502 Bad Gateway\n")
            .contains("\nStrict-Transport-Security: max-age=31536000; includeSubDomains\n");
        assertThat(h2).startsWith("HTTP/2 502")
            .contains("\nstrict-transport-security: max-age=31536000; includeSubDomains\n");
        assertThat(plain).startsWith("HTTP/1.1 502 Bad Gateway\n")
            .doesNotContainIgnoringCase("strict-transport-security");
    }

    @Test
    void hstsIsNeverSentOverPlainHttp() throws IOException {
        TlsConfig tls = TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(server))
            .withHeaders(new TlsConfig.Hsts(Duration.ofDays(1), false), null);
        Gateway g = gateway(tls, false);

        String plain = curl("http://127.0.0.1:" + g.address().getPort() + "/");

        assertThat(plain).startsWith("HTTP/1.1 200 OK\n").doesNotContainIgnoringCase("strict-transport-security");
    }

    @Test
    void theClientCertificateHeaderCarriesAVerifiedCertificateAndNeverAForgedOne() throws Exception {
        TlsConfig.Certificate client = certs.leaf("client", TestCertificates.Key.EC_P256, 0x6006, true, "client.test");
        TlsConfig base = TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(server));
        TlsConfig tls = new TlsConfig(base.listen(), base.certificates(), base.minVersion(), List.of(),
            TlsConfig.ClientAuth.OPTIONAL, certs.ca(), base.handshakeTimeout(), base.maxClientHello(), null,
            "X-Client-Cert");
        Gateway g = gateway(tls, false);
        int port = java.util.Objects.requireNonNull(g.tlsAddress()).getPort();
        String url = "https://shop.test:" + port + "/";
        String resolve = "shop.test:" + port + ":127.0.0.1";

        // two streams of one HTTP/2 connection: the field is computed once for the connection's session
        String both = curl("--resolve", resolve, "--cert", client.cert().toString(), "--key",
            client.key().toString(), "-H", "X-Client-Cert: Hash=forged", url, url);
        curl("--resolve", resolve, "-H", "x-client-cert: Hash=forged", "-H", "X_Client_Cert: Hash=forged", url);
        curl("-H", "X-Client-Cert: Hash=forged", "http://127.0.0.1:" + g.address().getPort() + "/");

        assertThat(both).contains("HTTP/2 200");
        assertThat(backend.seen()).hasSize(4);
        String withCert = backend.seen().get(0).header("x-client-cert");
        assertThat(backend.seen().get(0).headers().get("x-client-cert")).hasSize(1);
        assertThat(withCert).startsWith("Hash=" + sha256(client.cert()) + ";Subject=\"CN=client.test\";Cert=\""
            + "-----BEGIN%20CERTIFICATE-----%0A");
        assertThat(backend.seen().get(1).header("x-client-cert")).isEqualTo(withCert);
        assertThat(backend.seen().get(2).headers()).as("CGI reads X_Client_Cert as X-Client-Cert")
            .doesNotContainKey("x_client_cert");
        assertThat(backend.seen().get(2).header("x-client-cert")).isEmpty();
        assertThat(backend.seen().get(3).header("x-client-cert")).isEmpty();
    }

    private static String sha256(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        }
    }
}
