package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener end to end with the real {@code curl} and {@code openssl s_client}: the certificate chosen by SNI
 * (exact, wildcard, none), protocol versions, ALPN, client certificates, the handshake timeout and ClientHello
 * limit, and reloads that swap the certificate for new handshakes while open connections keep working.
 */
class GatewayTlsTest {

    private static final long SERIAL_A = 0x1001;
    private static final long SERIAL_B = 0x2002;
    private static final long SERIAL_A2 = 0x3003;

    @TempDir
    Path dir;

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestCertificates certs;
    private TestBackend backend;

    @BeforeEach
    void certificates() throws IOException {
        TestCertificates.assumeOpenssl();
        certs = new TestCertificates(dir);
        backend = kit.backend("shop-1");
    }

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private Gateway gateway(TlsConfig tls) {
        GatewayConfig plain = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(backend.address(), 1, "")))));
        return kit.gateway(plain.withTls(tls));
    }

    private List<TlsConfig.Certificate> twoCertificates() throws IOException {
        return List.of(
            certs.leaf("a", TestCertificates.Key.EC_P256, SERIAL_A, false, "a.test", "*.wild.test"),
            certs.leaf("b", TestCertificates.Key.RSA_2048, SERIAL_B, false, "b.test"));
    }

    private static TlsConfig tls(List<TlsConfig.Certificate> certificates) {
        return TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), certificates);
    }

    /** The serial number (hex, as openssl prints it) of the certificate served for {@code sni} (null: no SNI). */
    private static int tlsPort(Gateway g) {
        return Objects.requireNonNull(g.tlsAddress(), "tls listener").getPort();
    }

    private static String servedSerial(Gateway g, @Nullable String sni, String... options) throws IOException {
        String connect = "openssl s_client -connect 127.0.0.1:" + tlsPort(g)
            + (sni == null ? " -noservername" : " -servername " + sni) + " " + String.join(" ", options);
        return TestCertificates.run("sh", "-c", connect + " </dev/null 2>/dev/null | openssl x509 -noout -serial")
            .trim();
    }

    private static String sClient(Gateway g, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
            "127.0.0.1:" + tlsPort(g)));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void curlWithSniReachesTheBackendWhichSeesHttps() throws IOException {
        Gateway g = gateway(tls(twoCertificates()));
        int port = tlsPort(g);

        String body = TestCertificates.run("curl", "-sS", "--cacert", certs.ca().toString(), "--resolve",
            "b.test:" + port + ":127.0.0.1", "https://b.test:" + port + "/cart");

        assertThat(body).isEqualTo("shop-1");
        Map<String, List<String>> h = backend.seen().get(0).headers();
        assertThat(h.get("x-forwarded-proto")).containsExactly("https");
        assertThat(h.get("forwarded")).containsExactly("for=127.0.0.1;proto=https;host=\"b.test:" + port + "\"");
    }

    @Test
    void curlWithoutSniGetsTheFirstCertificate() throws IOException {
        Gateway g = gateway(tls(twoCertificates()));

        // an IP address in the URL sends no SNI (RFC 6066 §3); -k because the default certificate names a.test
        String body = TestCertificates.run("curl", "-sS", "-k", "https://127.0.0.1:" + tlsPort(g) + "/");

        assertThat(body).isEqualTo("shop-1");
        assertThat(servedSerial(g, null)).isEqualTo("serial=1001");
    }

    @Test
    void sniChoosesByExactAndOneLabelWildcardNames() throws IOException {
        Gateway g = gateway(tls(twoCertificates()));

        assertThat(servedSerial(g, "b.test")).isEqualTo("serial=2002");
        assertThat(servedSerial(g, "B.TEST")).isEqualTo("serial=2002");
        assertThat(servedSerial(g, "a.test")).isEqualTo("serial=1001");
        assertThat(servedSerial(g, "shop.wild.test")).isEqualTo("serial=1001");
        assertThat(servedSerial(g, "unknown.test")).isEqualTo("serial=1001");
        assertThat(g.certificates()).extracting(CertificateStatus::names)
            .containsExactly(List.of("a.test", "*.wild.test"), List.of("b.test"));
        assertThat(g.certificates()).extracting(CertificateStatus::serial).containsExactly("1001", "2002");
    }

    @Test
    void minVersionTls13RefusesTls12() throws IOException {
        TlsConfig base = tls(twoCertificates());
        Gateway g = gateway(new TlsConfig(base.listen(), base.certificates(), TlsConfig.Version.TLS_1_3, List.of(),
            TlsConfig.ClientAuth.NONE, null, base.handshakeTimeout(), base.maxClientHello()));

        assertThat(sClient(g, "-servername", "a.test", "-tls1_2")).contains("Cipher is (NONE)");
        assertThat(sClient(g, "-servername", "a.test", "-tls1_3")).contains("New, TLSv1.3, Cipher is TLS_");
    }

    @Test
    void alpnSelectsHttp11WhenTheClientOffersNoH2() throws IOException {
        Gateway g = gateway(tls(twoCertificates()));

        assertThat(sClient(g, "-servername", "a.test", "-alpn", "spdy/3,http/1.1"))
            .contains("ALPN protocol: http/1.1");
    }

    @Test
    void aChangedCertificateFileIsServedToNewHandshakesWhileAnOpenConnectionKeepsWorking() throws Exception {
        List<TlsConfig.Certificate> two = twoCertificates();
        Gateway g = gateway(tls(two));
        try (SSLSocket before = connect(g, "a.test")) {
            assertThat(get(before)).endsWith("shop-1");

            TestCertificates fresh = certs;
            TlsConfig.Certificate next = fresh.leaf("a-next", TestCertificates.Key.EC_P256, SERIAL_A2, false,
                "a.test");
            Files.copy(next.key(), two.get(0).key(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(next.cert(), two.get(0).cert(), StandardCopyOption.REPLACE_EXISTING);

            Eventually.await("the new certificate served", () -> serial(g).equals("serial=3003"));
            assertThat(get(before)).endsWith("shop-1");
            assertThat(g.certificates().get(0).serial()).isEqualTo("3003");
        }
    }

    private static String serial(Gateway g) {
        try {
            return servedSerial(g, "a.test");
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAndTheOldPairKeepsServing() throws IOException {
        List<TlsConfig.Certificate> two = twoCertificates();
        TlsConfig config = tls(two);
        Gateway g = gateway(config);

        Files.copy(two.get(1).key(), two.get(0).key(), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> g.reload(g.config()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(two.get(0).key() + ": the key does not belong to the certificate " + two.get(0).cert()
                + " (serial 1001)");
        assertThat(servedSerial(g, "a.test")).isEqualTo("serial=1001");
        assertThat(g.certificates().get(0).serial()).isEqualTo("1001");
    }

    @Test
    void requiredClientCertificatesAreCheckedAgainstTheClientCa() throws IOException {
        TlsConfig base = tls(twoCertificates());
        TlsConfig.Certificate client = certs.leaf("client", TestCertificates.Key.EC_P256, 0x4004, true, "client.test");
        Gateway g = gateway(new TlsConfig(base.listen(), base.certificates(), TlsConfig.Version.TLS_1_2, List.of(),
            TlsConfig.ClientAuth.REQUIRE, certs.ca(), base.handshakeTimeout(), base.maxClientHello()));
        int port = tlsPort(g);
        String url = "https://a.test:" + port + "/";
        String resolve = "a.test:" + port + ":127.0.0.1";

        String with = TestCertificates.run("curl", "-sS", "--cacert", certs.ca().toString(), "--resolve", resolve,
            "--cert", client.cert().toString(), "--key", client.key().toString(), url);
        // HTTP/1.1: having negotiated h2, curl reports its failed write of the connection preface ("getpeername()
        // failed") rather than the alert when the refusal comes after its side of the TLS 1.3 handshake
        Process without = new ProcessBuilder("curl", "-sS", "--http1.1", "--cacert", certs.ca().toString(),
            "--resolve", resolve, url).redirectErrorStream(true).start();

        assertThat(with).isEqualTo("shop-1");
        assertThat(new String(without.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .contains("alert certificate required");
        assertThat(backend.seen()).hasSize(1);
    }

    @Test
    void aClientThatNeverSendsAClientHelloIsClosedAtTheHandshakeTimeout() throws IOException {
        TlsConfig base = tls(twoCertificates());
        Gateway g = gateway(new TlsConfig(base.listen(), base.certificates(), TlsConfig.Version.TLS_1_2, List.of(),
            TlsConfig.ClientAuth.NONE, null, Duration.ofMillis(300), base.maxClientHello()));
        try (Socket s = new Socket("127.0.0.1", tlsPort(g))) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aClientHelloLongerThanTheLimitIsRefusedBeforeItArrives() throws IOException {
        TlsConfig base = tls(twoCertificates());
        Gateway g = gateway(new TlsConfig(base.listen(), base.certificates(), TlsConfig.Version.TLS_1_2, List.of(),
            TlsConfig.ClientAuth.NONE, null, base.handshakeTimeout(), 1024));
        try (Socket s = new Socket("127.0.0.1", tlsPort(g))) {
            s.setSoTimeout(10_000);
            // a 4-byte handshake record holding only the header of a 20,000-byte ClientHello (split over records)
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x4E, 0x20});
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    private SSLSocket connect(Gateway g, String sni) throws Exception {
        SSLContext context = certs.trustingCa();
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", tlsPort(g));
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new javax.net.ssl.SNIHostName(sni)));
        s.setSSLParameters(p);
        s.setSoTimeout(5_000);
        s.startHandshake();
        return s;
    }

    /** One keep-alive GET on {@code s}; the response, read by its Content-Length. */
    private static String get(SSLSocket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
