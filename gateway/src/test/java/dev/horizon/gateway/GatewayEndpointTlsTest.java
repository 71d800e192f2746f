package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to endpoints ({@code services.NAME.tls}): the endpoint is a second gateway's TLS listener in front of a plain
 * backend, a real TLS server with a certificate for {@code b.test}. Verified against the right CA the requests pass
 * over one pooled connection; against a wrong CA the handshake fails the connect and the client gets 502.
 */
class GatewayEndpointTlsTest {

    @TempDir
    Path dir;

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestCertificates certs;
    private Gateway tlsBackend;

    @BeforeEach
    void tlsBackend() throws IOException {
        TestCertificates.assumeOpenssl();
        certs = new TestCertificates(dir);
        TestBackend plain = kit.backend("secure-1");
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
}
