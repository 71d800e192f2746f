package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code tcp} in {@code horizon.yaml}: an L4 listener that splices client connections to an endpoint
 * of {@code service}, byte for byte. Several listeners may share an address when they tell TLS clients apart by the
 * server name of their ClientHello ({@code match: { sni: HOST }}); the one without {@code sni} on that address takes
 * every other connection.
 *
 * @param name           the listener's name, in metrics and access-log lines
 * @param listen         where clients connect
 * @param service        the service whose endpoints take the connections
 * @param sni            the TLS server name this listener takes, exact ({@code db.example.com}) or one label of
 *                       wildcard ({@code *.example.com}), lower case; null for connections without another match
 * @param connectTimeout how long opening a connection to an endpoint may take before the next endpoint is tried
 * @param idleTimeout    a connection with no byte either way for this long is closed
 * @param maxConnections client connections open at once on this listener; further ones are closed at accept
 * @param proxyProtocol  whether each endpoint connection starts with a PROXY protocol header naming the client
 * @param splice         whether bytes go socket to socket through a kernel pipe ({@code splice(2)}, on the epoll
 *                       transport) instead of through the gateway's buffers; see {@link #DEFAULT_SPLICE}
 */
public record TcpListener(String name, InetSocketAddress listen, String service, @Nullable String sni,
    Duration connectTimeout, Duration idleTimeout, int maxConnections, ProxyProtocol proxyProtocol, boolean splice) {

    /** Envoy's {@code tcp_proxy} connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Envoy's {@code tcp_proxy} idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);
    /** The default of {@link #maxConnections}, as {@code gateway.max-connections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** The default of {@link #splice}: off, as measured in {@code bench/RESULTS.md} (L4: splice against copying). */
    public static final boolean DEFAULT_SPLICE = false;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SNI = Pattern.compile("(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    /** The header written to an endpoint before the client's bytes (HAProxy's {@code send-proxy}). */
    public enum ProxyProtocol {
        /** No header: the endpoint sees the gateway as its client. */
        NONE,
        /** The text header of PROXY protocol version 1 ({@code PROXY TCP4 ...\r\n}). */
        V1,
        /** The binary header of PROXY protocol version 2. */
        V2;

        /** The name as written in the configuration: {@code none}, {@code v1}, {@code v2}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the components. */
    public TcpListener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: letters, digits, _ . -)");
        }
        if (sni != null && !SNI.matcher(sni).matches()) {
            throw new IllegalArgumentException("sni: '" + sni
                + "' (expected: a host name in lower case, e.g. db.example.com or *.example.com)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect-timeout: " + DurationText.format(connectTimeout)
                + " (expected: > 0)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle-timeout: " + DurationText.format(idleTimeout)
                + " (expected: > 0)");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections: " + maxConnections + " (expected: >= 1)");
        }
    }

    /** A listener with the defaults: no SNI match, Envoy's timeouts, no PROXY header. */
    public static TcpListener of(String name, InetSocketAddress listen, String service) {
        return new TcpListener(name, listen, service, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_MAX_CONNECTIONS, ProxyProtocol.NONE, DEFAULT_SPLICE);
    }

    /** This listener taking only TLS connections for {@code serverName} (null: every other connection). */
    public TcpListener withSni(@Nullable String serverName) {
        return new TcpListener(name, listen, service, serverName, connectTimeout, idleTimeout, maxConnections,
            proxyProtocol, splice);
    }

    /** This listener with another PROXY protocol setting. */
    public TcpListener withProxyProtocol(ProxyProtocol protocol) {
        return new TcpListener(name, listen, service, sni, connectTimeout, idleTimeout, maxConnections, protocol,
            splice);
    }

    /** This listener with zero-copy forwarding on or off. */
    public TcpListener withSplice(boolean on) {
        return new TcpListener(name, listen, service, sni, connectTimeout, idleTimeout, maxConnections, proxyProtocol,
            on);
    }

    /** This listener with another idle timeout and cap on open connections. */
    public TcpListener withLimits(Duration idle, int max) {
        return new TcpListener(name, listen, service, sni, connectTimeout, idle, max, proxyProtocol, splice);
    }

    /** Whether {@code serverName} (lower case) is what {@link #sni} asks for; false when this listener has none. */
    public boolean matches(String serverName) {
        String s = sni;
        if (s == null) {
            return false;
        }
        if (s.startsWith("*.")) {
            // one label of wildcard, as a TLS certificate's: *.example.com takes a.example.com, not a.b.example.com
            String suffix = s.substring(1);
            return serverName.endsWith(suffix) && serverName.indexOf('.') == serverName.length() - suffix.length();
        }
        return s.equals(serverName);
    }
}
