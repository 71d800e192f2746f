package dev.horizon.config;

import dev.horizon.gateway.EndpointTls;
import dev.horizon.gateway.TlsConfig;
import dev.horizon.spelling.Spelling;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code gateway.tls} of {@code horizon.yaml}, read into a {@link TlsConfig}: {@code listen} and {@code certificates}
 * ({@code [ { cert: FILE, key: FILE } ... ]}) are required; {@code min-version} ({@code TLSv1.2}), {@code ciphers},
 * {@code client-auth} ({@code none | optional | require}), {@code client-ca}, {@code handshake-timeout} (10s),
 * {@code max-client-hello} (16384), {@code hsts} and {@code client-cert-header} are optional. A relative file name is
 * taken from the configuration file's directory; a file that cannot be read is refused at its line. What is in the
 * files (a key that belongs to its certificate, a chain, an expiry) the gateway checks when it loads them, at start
 * and at every reload.
 */
final class TlsSection {

    static final List<String> TLS_KEYS = List.of("listen", "certificates", "min-version", "ciphers", "client-auth",
        "client-ca", "handshake-timeout", "max-client-hello", "hsts", "client-cert-header");
    static final List<String> HSTS_KEYS = List.of("max-age", "include-subdomains");
    /** The default {@code hsts.max-age}: one year, what the HSTS preload list asks for. */
    static final Duration DEFAULT_HSTS_MAX_AGE = Duration.ofDays(365);
    static final List<String> CERTIFICATE_KEYS = List.of("cert", "key");
    static final List<String> ENDPOINT_KEYS = List.of("verify", "ca", "sni");

    private TlsSection() {
    }

    /** The TLS listener configured by {@code node} (absent: none), on an address none of {@code bound} takes. */
    static @Nullable TlsConfig read(@Nullable ConfigNode node, BoundAddresses bound) {
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(TLS_KEYS);
        ConfigNode listenNode = m.require("listen");
        InetSocketAddress listen;
        try {
            listen = ListenAddress.parse(listenNode.text());
        } catch (IllegalArgumentException e) {
            throw listenNode.error("'" + listenNode.text() + "' " + e.getMessage());
        }
        String clash = bound.take("gateway.tls.listen", listen, "");
        if (clash != null) {
            throw listenNode.error("'" + listenNode.text() + "' " + clash + " (expected: another port)");
        }
        List<TlsConfig.Certificate> certificates = new ArrayList<>();
        ConfigNode list = m.require("certificates");
        for (ConfigNode item : list.list()) {
            ConfigMap c = item.map(CERTIFICATE_KEYS);
            certificates.add(new TlsConfig.Certificate(file(c.require("cert")), file(c.require("key"))));
        }
        if (certificates.isEmpty()) {
            throw list.error("empty (expected: at least one { cert: FILE, key: FILE })");
        }
        TlsConfig.Version min = choice(m.get("min-version"), TlsConfig.Version.values(), TlsConfig.Version.TLS_1_2,
            TlsConfig.Version::configName);
        List<String> ciphers = new ArrayList<>();
        ConfigNode cipherNode = m.get("ciphers");
        if (cipherNode != null) {
            for (ConfigNode cipher : cipherNode.list()) {
                ciphers.add(cipher.text());
            }
        }
        TlsConfig.ClientAuth auth = choice(m.get("client-auth"), TlsConfig.ClientAuth.values(),
            TlsConfig.ClientAuth.NONE, TlsConfig.ClientAuth::configName);
        ConfigNode caNode = m.get("client-ca");
        Path clientCa = caNode == null ? null : file(caNode);
        Duration handshake = m.duration("handshake-timeout", TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT);
        int maxHello = m.integer("max-client-hello", TlsConfig.DEFAULT_MAX_CLIENT_HELLO);
        TlsConfig.Hsts hsts = hsts(m.get("hsts"));
        String certHeader = m.textOrNull("client-cert-header");
        return m.build(() -> new TlsConfig(listen, certificates, min, ciphers, auth, clientCa, handshake, maxHello,
            hsts, certHeader));
    }

    /** {@code hsts} (absent: none): {@code max-age} (365d), {@code include-subdomains} (false). */
    private static TlsConfig.@Nullable Hsts hsts(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(HSTS_KEYS);
        Duration maxAge = m.duration("max-age", DEFAULT_HSTS_MAX_AGE);
        boolean subdomains = m.bool("include-subdomains", false);
        return m.build(() -> new TlsConfig.Hsts(maxAge, subdomains));
    }

    /**
     * A service's {@code tls} (absent: plain HTTP to its endpoints): {@code verify} (true), {@code ca} (the JDK's
     * trust store), {@code sni} (the endpoint's host).
     */
    static @Nullable EndpointTls endpoints(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(ENDPOINT_KEYS);
        boolean verify = m.bool("verify", EndpointTls.DEFAULTS.verify());
        ConfigNode caNode = m.get("ca");
        Path ca = caNode == null ? null : file(caNode);
        String sni = m.textOrNull("sni");
        return m.build(() -> new EndpointTls(verify, ca, sni));
    }

    /** A readable file named by {@code node}, relative to the configuration file's directory. */
    private static Path file(ConfigNode node) {
        Path named = Path.of(node.text());
        Path dir = Path.of(node.file()).toAbsolutePath().getParent();
        Path file = named.isAbsolute() || dir == null ? named : dir.resolve(named);
        if (!Files.isReadable(file)) {
            throw node.error("'" + node.text() + "': " + (Files.exists(file) ? "Permission denied"
                : "No such file or directory") + " (looked at " + file + ")");
        }
        return file;
    }

    private static <E extends Enum<E>> E choice(@Nullable ConfigNode node, E[] values, E absent,
        java.util.function.Function<E, String> name) {
        if (node == null) {
            return absent;
        }
        List<String> names = new ArrayList<>();
        for (E v : values) {
            if (name.apply(v).equals(node.text())) {
                return v;
            }
            names.add(name.apply(v));
        }
        throw node.error("'" + node.text() + "' (expected: " + String.join(" | ", names) + ")"
            + Spelling.hint(node.text(), names));
    }
}
