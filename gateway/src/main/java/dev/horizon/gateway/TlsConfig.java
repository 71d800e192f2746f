package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code gateway.tls} in {@code horizon.yaml}: a TLS listener beside the plain one, serving the same routes through
 * the same HTTP pipeline behind a TLS handshake. The certificate a client gets is chosen by the server name of its
 * ClientHello (SNI) among the names of {@code certificates}; a client without SNI, or with a name no certificate
 * has, gets the first one.
 *
 * @param listen           where TLS clients connect
 * @param certificates     PEM certificate chains and their PKCS#8 keys, RSA or ECDSA; the first is the default
 * @param minVersion       the oldest protocol accepted
 * @param ciphers          TLS 1.2 cipher suites in order of preference (IANA names); empty for the engine's defaults
 * @param clientAuth       whether clients are asked for a certificate
 * @param clientCa         the CA certificates (PEM) client certificates must chain to; required unless
 *                         {@code clientAuth} is {@link ClientAuth#NONE}
 * @param handshakeTimeout how long a client may take from connecting to a finished handshake
 * @param maxClientHello   the largest ClientHello accepted, in bytes; a larger one closes the connection
 * @param hsts             the {@code Strict-Transport-Security} field added to responses over TLS; null for none
 * @param clientCertHeader the request field that tells endpoints of the client's certificate (a client's own field
 *                         of that name is always removed); null for none
 */
public record TlsConfig(InetSocketAddress listen, List<Certificate> certificates, Version minVersion,
    List<String> ciphers, ClientAuth clientAuth, @Nullable Path clientCa, Duration handshakeTimeout,
    int maxClientHello, @Nullable Hsts hsts, @Nullable String clientCertHeader) {

    /** The default of {@link #handshakeTimeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@link #maxClientHello}: the largest TLS record's plaintext (RFC 8446 §5.1). */
    public static final int DEFAULT_MAX_CLIENT_HELLO = 16_384;

    /** One entry of {@code certificates}: a PEM chain (leaf first) and the PEM key of its leaf. */
    public record Certificate(Path cert, Path key) {
        /** Validates the components. */
        public Certificate {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * {@code hsts}: HTTP Strict Transport Security (RFC 6797), sent over TLS only.
     *
     * @param maxAge            how long a browser goes straight to HTTPS for this host
     * @param includeSubdomains whether that holds for every subdomain too
     */
    public record Hsts(Duration maxAge, boolean includeSubdomains) {
        /** Validates the components. */
        public Hsts {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("max-age: " + DurationText.format(maxAge) + " (expected: >= 0)");
            }
        }

        /** The field's value: {@code max-age=SECONDS[; includeSubDomains]}. */
        public String value() {
            return "max-age=" + maxAge.toSeconds() + (includeSubdomains ? "; includeSubDomains" : "");
        }
    }

    /** A protocol version, as written in {@code min-version}. */
    public enum Version {
        /** TLS 1.2 (RFC 5246). */
        TLS_1_2("TLSv1.2"),
        /** TLS 1.3 (RFC 8446). */
        TLS_1_3("TLSv1.3");

        private final String configName;

        Version(String configName) {
            this.configName = configName;
        }

        /** The name in the configuration and in the JDK: {@code TLSv1.2}, {@code TLSv1.3}. */
        public String configName() {
            return configName;
        }

        /** The protocol names from this version up. */
        public List<String> andNewer() {
            return this == TLS_1_2 ? List.of("TLSv1.3", "TLSv1.2") : List.of("TLSv1.3");
        }
    }

    /** Whether clients are asked for a certificate ({@code client-auth}). */
    public enum ClientAuth {
        /** Not asked. */
        NONE,
        /** Asked; a client without one is served, one with a certificate that does not verify is refused. */
        OPTIONAL,
        /** Required: a client without a certificate that verifies against {@code client-ca} is refused. */
        REQUIRE;

        /** The name as written in the configuration: {@code none}, {@code optional}, {@code require}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the components. */
    public TlsConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(minVersion, "minVersion");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        certificates = List.copyOf(Objects.requireNonNull(certificates, "certificates"));
        ciphers = List.copyOf(Objects.requireNonNull(ciphers, "ciphers"));
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(
                "certificates: empty (expected: at least one { cert: FILE, key: FILE })");
        }
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw new IllegalArgumentException("client-ca: missing (expected: a PEM file of CA certificates when "
                + "client-auth is " + clientAuth.configName() + ")");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake-timeout: " + DurationText.format(handshakeTimeout)
                + " (expected: > 0)");
        }
        if (maxClientHello < 512 || maxClientHello > 65_536) {
            throw new IllegalArgumentException("max-client-hello: " + maxClientHello + " (expected: 512..65536)");
        }
        if (clientCertHeader != null && !clientCertHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("client-cert-header: '" + clientCertHeader
                + "' (expected: a header name, e.g. X-Client-Cert)");
        }
    }

    /** A listener without HSTS and without a client-certificate header. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but two, for existing callers
    public TlsConfig(InetSocketAddress listen, List<Certificate> certificates, Version minVersion,
        List<String> ciphers, ClientAuth clientAuth, @Nullable Path clientCa, Duration handshakeTimeout,
        int maxClientHello) {
        this(listen, certificates, minVersion, ciphers, clientAuth, clientCa, handshakeTimeout, maxClientHello, null,
            null);
    }

    /** This listener with other HSTS and client-certificate header settings. */
    public TlsConfig withHeaders(@Nullable Hsts newHsts, @Nullable String newClientCertHeader) {
        return new TlsConfig(listen, certificates, minVersion, ciphers, clientAuth, clientCa, handshakeTimeout,
            maxClientHello, newHsts, newClientCertHeader);
    }

    /** A listener on {@code listen} serving {@code certificates} with every other setting at its default. */
    public static TlsConfig of(InetSocketAddress listen, List<Certificate> certificates) {
        return new TlsConfig(listen, certificates, Version.TLS_1_2, List.of(), ClientAuth.NONE, null,
            DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_CLIENT_HELLO);
    }
}
