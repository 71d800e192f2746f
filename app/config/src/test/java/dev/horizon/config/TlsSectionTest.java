package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointTls;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.tls}: the defaults, every key read, file names relative to the configuration file, bad values at
 * their line with a suggestion. What is inside the files the gateway checks (GatewayTlsTest).
 */
class TlsSectionTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        for (String f : List.of("a.pem", "a.key", "ca.pem")) {
            Files.writeString(dir.resolve(f), "not read by the loader\n");
        }
    }

    private TlsConfig load(String tls) throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "gateway:\n  tls:\n" + tls);
        return java.util.Objects.requireNonNull(ConfigLoader.load(file, Map.of()).gateway().tls());
    }

    private String error(String tls) throws IOException {
        try {
            load(tls);
        } catch (ConfigException e) {
            return String.valueOf(e.getMessage()).replace(dir.toString(), "DIR");
        }
        throw new AssertionError("accepted: " + tls);
    }

    @Test
    void readsTheDefaultsWithFilesNextToTheConfiguration() throws IOException {
        TlsConfig c = load("    listen: 127.0.0.1:8443\n    certificates: [ { cert: a.pem, key: a.key } ]\n");

        assertThat(c).isEqualTo(new TlsConfig(new InetSocketAddress("127.0.0.1", 8443),
            List.of(new TlsConfig.Certificate(dir.resolve("a.pem"), dir.resolve("a.key"))), TlsConfig.Version.TLS_1_2,
            List.of(), TlsConfig.ClientAuth.NONE, null, Duration.ofSeconds(10), 16_384));
    }

    @Test
    void readsHstsAndTheClientCertificateHeader() throws IOException {
        String files = "    listen: 127.0.0.1:8443\n    certificates: [ { cert: a.pem, key: a.key } ]\n";

        TlsConfig c = load(files + "    hsts: { max-age: 720h, include-subdomains: true }\n"
            + "    client-cert-header: X-Client-Cert\n");
        TlsConfig defaults = load(files + "    hsts: {}\n");

        assertThat(c.hsts()).isEqualTo(new TlsConfig.Hsts(Duration.ofDays(30), true));
        assertThat(java.util.Objects.requireNonNull(c.hsts()).value()).isEqualTo("max-age=2592000; includeSubDomains");
        assertThat(c.clientCertHeader()).isEqualTo("X-Client-Cert");
        assertThat(defaults.hsts()).isEqualTo(new TlsConfig.Hsts(Duration.ofDays(365), false));
        assertThat(defaults.clientCertHeader()).isNull();
        assertThat(error(files + "    client-cert-header: \"X Client\"\n"))
            .contains("client-cert-header: 'X Client' (expected: a header name, e.g. X-Client-Cert)");
    }

    @Test
    void readsEveryKey() throws IOException {
        TlsConfig c = load("    listen: 127.0.0.1:8443\n    certificates:\n      - cert: " + dir.resolve("a.pem")
            + "\n        key: a.key\n    min-version: TLSv1.3\n"
            + "    ciphers: [ TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ]\n    client-auth: require\n"
            + "    client-ca: ca.pem\n    handshake-timeout: 2s\n    max-client-hello: 4096\n");

        assertThat(c).isEqualTo(new TlsConfig(new InetSocketAddress("127.0.0.1", 8443),
            List.of(new TlsConfig.Certificate(dir.resolve("a.pem"), dir.resolve("a.key"))), TlsConfig.Version.TLS_1_3,
            List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), TlsConfig.ClientAuth.REQUIRE, dir.resolve("ca.pem"),
            Duration.ofSeconds(2), 4096));
    }

    @Test
    void refusesBadValuesAtTheirLine() throws IOException {
        String certs = "    certificates: [ { cert: a.pem, key: a.key } ]\n";

        assertThat(error("    listen: 127.0.0.1:8443\n" + certs + "    client-auth: requre\n"))
            .isEqualTo("DIR/horizon.yaml:5: gateway.tls.client-auth: 'requre' (expected: none | optional | require)"
                + " (did you mean 'require'?)");
        assertThat(error("    listen: 127.0.0.1:8443\n" + certs + "    min-version: TLSv1.1\n"))
            .isEqualTo("DIR/horizon.yaml:5: gateway.tls.min-version: 'TLSv1.1' (expected: TLSv1.2 | TLSv1.3)"
                + " (did you mean 'TLSv1.2'?)");
        assertThat(error("    listen: 127.0.0.1:8443\n    certificates: [ { cert: b.pem, key: a.key } ]\n"))
            .isEqualTo("DIR/horizon.yaml:4: gateway.tls.certificates[0].cert: 'b.pem': No such file or directory "
                + "(looked at DIR/b.pem)");
        assertThat(error("    listen: 127.0.0.1:8443\n" + certs + "    client-auth: optional\n"))
            .isEqualTo("DIR/horizon.yaml:2: gateway.tls: client-ca: missing (expected: a PEM file of CA certificates "
                + "when client-auth is optional)");
        assertThat(error("    listen: 127.0.0.1:8080\n" + certs))
            .isEqualTo("DIR/horizon.yaml:3: gateway.tls.listen: '127.0.0.1:8080' overlaps gateway.listen "
                + "'127.0.0.1:8080' (expected: another port)");
        assertThat(error("    listen: 0.0.0.0:9090\n" + certs))
            .isEqualTo("DIR/horizon.yaml:3: gateway.tls.listen: '0.0.0.0:9090' overlaps gateway.admin "
                + "'127.0.0.1:9090' (expected: another port)");
        assertThat(error("    listen: 127.0.0.1:8443\n" + certs + "    max-client-hello: 100\n"))
            .isEqualTo("DIR/horizon.yaml:5: gateway.tls.max-client-hello: 100 (expected: 512..65536)");
    }

    @Test
    void readsAServicesTlsToItsEndpoints() throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "services:\n  pay:\n    endpoints: [ 127.0.0.1:8443 ]\n"
            + "    tls: { ca: ca.pem, sni: pay.internal }\n  plain:\n    endpoints: [ 127.0.0.1:80 ]\n"
            + "  test:\n    endpoints: [ 127.0.0.1:8444 ]\n    tls: { verify: false }\n");

        Map<String, ServiceConfig> services = ConfigLoader.load(file, Map.of()).gateway().services();

        assertThat(tls(services, "pay")).isEqualTo(new EndpointTls(true, dir.resolve("ca.pem"), "pay.internal"));
        assertThat(tls(services, "plain")).isNull();
        assertThat(tls(services, "test")).isEqualTo(new EndpointTls(false, null, null));
        Files.writeString(file, "services:\n  pay:\n    endpoints: [ 127.0.0.1:8443 ]\n    tls: { sni: 'a b' }\n");
        assertThat(error(file)).isEqualTo("DIR/horizon.yaml:4: services.pay.tls.sni: 'a b' (expected: a DNS name "
            + "such as api.example.com)");
    }

    private static @Nullable EndpointTls tls(Map<String, ServiceConfig> services, String name) {
        return java.util.Objects.requireNonNull(services.get(name), name).tls();
    }

    private String error(Path file) {
        try {
            ConfigLoader.load(file, Map.of());
        } catch (ConfigException e) {
            return String.valueOf(e.getMessage()).replace(dir.toString(), "DIR");
        }
        throw new AssertionError("accepted: " + file);
    }
}
