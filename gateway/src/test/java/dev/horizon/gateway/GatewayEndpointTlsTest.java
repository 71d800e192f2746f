package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.HealthCheck;
import dev.horizon.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to endpoints ({@code services.NAME.tls}): the endpoint is a second gateway's TLS listener in front of a plain
 * backend, a real TLS server with a certificate for {@code b.test}. Verified against the right CA the requests pass
 * over one pooled connection; against a wrong CA the handshake fails the connect and the client gets 502. Health
 * probes use the same TLS settings.
 */
class GatewayEndpointTlsTest {

    @TempDir
    Path dir;

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestCertificates certs;
    private Gateway tlsBackend;
    private TestBackend plain;

    @BeforeEach
    void tlsBackend() throws IOException {
        TestCertificates.assumeOpenssl();
        certs = new TestCertificates(dir);
        plain = kit.backend("secure-1");
        TlsConfig.Certificate b = certs.leaf("b", TestCertificates.Key.RSA_2048, 0x2002, false, "b.test");
        tlsBackend = kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "plain")),
            List.of(ServiceConfig.of("plain", List.of(new EndpointConfig(plain.address(), 1, "")))))
            .withTls(TlsConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(b))));
    }

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
    }

    private Gateway front(EndpointTls tls) {
        int port = Objects.requireNonNull(tlsBackend.tlsAddress()).getPort();
        ServiceConfig secure = ServiceConfig.of("secure", List.of(new EndpointConfig("127.0.0.1:" + port, 1, "")))
            .withTls(tls);
        return kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "secure")), List.of(secure)));
    }

    @Test
    void verifiedAgainstItsCaTheEndpointIsReachedOverOnePooledConnection() throws Exception {
        Gateway g = front(new EndpointTls(true, certs.ca(), "b.test"));

        HttpResponse<String> first = kit.get(g, "/one");
        HttpResponse<String> second = kit.get(g, "/two");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("secure-1");
        assertThat(second.body()).isEqualTo("secure-1");
        assertThat(tlsBackend.metricsText()).contains("\nhorizon_client_connections 1\n");
    }

    @Test
    void aCertificateFromAnotherCaFailsTheConnectWith502() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Gateway g = front(new EndpointTls(true, new TestCertificates(other).ca(), "b.test"));

        HttpResponse<String> r = kit.get(g, "/");

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("connect to 127.0.0.1:");
    }

    @Test
    void aServerNameTheCertificateDoesNotHaveFailsTheConnect() throws Exception {
        Gateway g = front(new EndpointTls(true, certs.ca(), "c.test"));

        assertThat(kit.get(g, "/").statusCode()).isEqualTo(502);
    }

    @Test
    void withoutVerifyAnyCertificateIsAccepted() throws Exception {
        Gateway g = front(new EndpointTls(false, null, null));

        assertThat(kit.get(g, "/").body()).isEqualTo("secure-1");
    }

    @Test
    void healthProbesGoOverTlsWithTheServicesSettings() throws Exception {
        HealthProbe probe = new HealthProbe("/health", new HealthCheck(Duration.ofMillis(50), Duration.ofSeconds(1),
            1, 1), 200, 399);
        Path other = Files.createDirectory(dir.resolve("other"));
        Gateway good = probed(new EndpointTls(true, certs.ca(), "b.test"), probe);
        Gateway bad = probed(new EndpointTls(true, new TestCertificates(other).ca(), "b.test"), probe);

        // a plain-HTTP probe to a TLS port could never reach the backend behind it
        Eventually.await("a probe over TLS reached the endpoint", () -> plain.seen().stream()
            .anyMatch(s -> s.uri().equals("/health") && s.header("user-agent").equals("horizon-health-check")));
        Eventually.await("the probe refusing the certificate fails", () -> health(bad).equals("unhealthy"));
        assertThat(health(good)).isEqualTo("healthy");
    }

    @Test
    void aReloadThatChangesTheServicesTlsNeverReusesAConnectionOpenedWithTheOldSettings() throws Exception {
        Gateway g = front(new EndpointTls(false, null, null));
        assertThat(kit.get(g, "/").body()).isEqualTo("secure-1"); // one connection, verified by nothing, now pooled
        Path other = Files.createDirectory(dir.resolve("other"));

        g.reload(withTls(g.config(), new EndpointTls(true, new TestCertificates(other).ca(), "b.test")));
        HttpResponse<String> wrongCa = kit.get(g, "/");
        g.reload(withTls(g.config(), new EndpointTls(true, certs.ca(), "b.test")));
        HttpResponse<String> rightCa = kit.get(g, "/");

        assertThat(wrongCa.statusCode()).isEqualTo(502);
        assertThat(rightCa.body()).isEqualTo("secure-1");
    }

    private static GatewayConfig withTls(GatewayConfig config, EndpointTls tls) {
        ServiceConfig secure = Objects.requireNonNull(config.services().get("secure")).withTls(tls);
        return config.withRoutesAndServices(config.routes(), java.util.Map.of("secure", secure));
    }

    private Gateway probed(EndpointTls tls, HealthProbe probe) {
        int port = Objects.requireNonNull(tlsBackend.tlsAddress()).getPort();
        ServiceConfig secure = ServiceConfig.of("secure", List.of(new EndpointConfig("127.0.0.1:" + port, 1, "")))
            .withTls(tls).withHealth(probe);
        return kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "secure")), List.of(secure)));
    }

    private static String health(Gateway g) {
        return g.services().list().get(0).endpoints().get(0).health();
    }
}
