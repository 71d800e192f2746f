package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Everything the data plane runs from: the {@code gateway}, {@code routes} and {@code services} sections of
 * {@code horizon.yaml}, as one immutable snapshot. A reload builds a new snapshot and swaps it whole.
 *
 * @param listen          where clients connect
 * @param timeouts        connect, request head, idle, backend and total timeouts
 * @param trustedProxies  addresses or CIDR blocks whose {@code X-Forwarded-*} and {@code Forwarded} headers are
 *                        believed; from anyone else those headers are replaced
 * @param maxConnections  client connections open at once; further ones are closed at accept
 * @param drainTimeout    on shutdown, how long in-flight requests may take to finish
 * @param ioThreads       event-loop threads; 0 for one per core
 * @param accessLog       whether to write one JSON line per request to the access log
 * @param routes          tried in order; the first match wins
 * @param services        by name
 * @param tcp             the L4 listeners ({@code tcp}), in file order; see {@link TcpListener}
 * @param tls             the TLS listener ({@code gateway.tls}), or null for none
 * @param http2           HTTP/2 to clients ({@code gateway.http2})
 * @param webSocket       how WebSocket tunnels are kept ({@code gateway.websocket})
 */
@SuppressWarnings("checkstyle:ParameterNumber") // one component per top-level key of gateway
public record GatewayConfig(InetSocketAddress listen, Timeouts timeouts, List<String> trustedProxies,
    int maxConnections, Duration drainTimeout, int ioThreads, boolean accessLog, List<Route> routes,
    Map<String, ServiceConfig> services, List<TcpListener> tcp, @Nullable TlsConfig tls, Http2Config http2,
    WebSocketConfig webSocket) {

    /** Validates the components; every route names a configured service. */
    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(http2, "http2");
        Objects.requireNonNull(webSocket, "webSocket");
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
        routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
        services = Map.copyOf(Objects.requireNonNull(services, "services"));
        tcp = List.copyOf(Objects.requireNonNull(tcp, "tcp"));
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections: " + maxConnections + " (expected: >= 1)");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io-threads: " + ioThreads + " (expected: >= 0, 0 = one per core)");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain-timeout: " + DurationText.format(drainTimeout)
                + " (expected: >= 0)");
        }
        for (Route r : routes) {
            if (!services.containsKey(r.service())) {
                throw new IllegalArgumentException("route " + r.name() + ": unknown service '" + r.service()
                    + "' (known: " + new TreeSet<>(services.keySet()) + ")");
            }
        }
        for (Map.Entry<String, ServiceConfig> e : services.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("service " + e.getKey() + ": name mismatch " + e.getValue().name());
            }
        }
        TcpListeners.check(tcp, services.keySet(), listen);
        if (tls != null && tls.listen().getPort() != 0 && tls.listen().equals(listen)) {
            throw new IllegalArgumentException("tls.listen: " + listen
                + " is gateway.listen (expected: another port)");
        }
    }

    /** A configuration with HTTP/2's and WebSocket's defaults. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public GatewayConfig(InetSocketAddress listen, Timeouts timeouts, List<String> trustedProxies,
        int maxConnections, Duration drainTimeout, int ioThreads, boolean accessLog, List<Route> routes,
        Map<String, ServiceConfig> services, List<TcpListener> tcp, @Nullable TlsConfig tls) {
        this(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads, accessLog, routes, services,
            tcp, tls, Http2Config.DEFAULTS, WebSocketConfig.DEFAULTS);
    }

    /** A configuration without a TLS listener. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public GatewayConfig(InetSocketAddress listen, Timeouts timeouts, List<String> trustedProxies,
        int maxConnections, Duration drainTimeout, int ioThreads, boolean accessLog, List<Route> routes,
        Map<String, ServiceConfig> services, List<TcpListener> tcp) {
        this(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads, accessLog, routes, services,
            tcp, null);
    }

    /** A configuration without L4 listeners. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public GatewayConfig(InetSocketAddress listen, Timeouts timeouts, List<String> trustedProxies,
        int maxConnections, Duration drainTimeout, int ioThreads, boolean accessLog, List<Route> routes,
        Map<String, ServiceConfig> services) {
        this(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads, accessLog, routes, services,
            List.of());
    }

    /** A gateway on {@code listen} with default settings, the given routes and services. */
    public static GatewayConfig of(InetSocketAddress listen, List<Route> routes, List<ServiceConfig> services) {
        Map<String, ServiceConfig> byName = new HashMap<>();
        for (ServiceConfig s : services) {
            byName.put(s.name(), s);
        }
        return new GatewayConfig(listen, Timeouts.DEFAULTS, List.of(), 10_000, Duration.ofSeconds(30), 0, false,
            routes, byName);
    }

    /** This config with other timeouts. */
    public GatewayConfig withTimeouts(Timeouts newTimeouts) {
        return new GatewayConfig(listen, newTimeouts, trustedProxies, maxConnections, drainTimeout, ioThreads,
            accessLog, routes, services, tcp, tls, http2, webSocket);
    }

    /** This config with other services and routes; the L4 listeners stay. */
    public GatewayConfig withRoutesAndServices(List<Route> newRoutes, Map<String, ServiceConfig> newServices) {
        return new GatewayConfig(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads,
            accessLog, newRoutes, newServices, tcp, tls, http2, webSocket);
    }

    /** This config with other L4 listeners. */
    public GatewayConfig withTcp(List<TcpListener> newTcp) {
        return new GatewayConfig(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads,
            accessLog, routes, services, newTcp, tls, http2, webSocket);
    }

    /** This config with another TLS listener (null for none). */
    public GatewayConfig withTls(@Nullable TlsConfig newTls) {
        return new GatewayConfig(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads,
            accessLog, routes, services, tcp, newTls, http2, webSocket);
    }

    /** This config with other HTTP/2 settings. */
    public GatewayConfig withHttp2(Http2Config newHttp2) {
        return new GatewayConfig(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads,
            accessLog, routes, services, tcp, tls, newHttp2, webSocket);
    }

    /** This config with other WebSocket settings. */
    public GatewayConfig withWebSocket(WebSocketConfig newWebSocket) {
        return new GatewayConfig(listen, timeouts, trustedProxies, maxConnections, drainTimeout, ioThreads,
            accessLog, routes, services, tcp, tls, http2, newWebSocket);
    }
}
