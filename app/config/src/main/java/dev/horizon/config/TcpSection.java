package dev.horizon.config;

import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.TcpListener.ProxyProtocol;
import dev.horizon.gateway.TcpListeners;
import dev.horizon.spelling.Spelling;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tcp} list of {@code horizon.yaml}, read into {@link TcpListener}s: {@code name}, {@code listen} and
 * {@code service} are required; {@code match: { sni: HOST }}, {@code connect-timeout} (5s), {@code idle-timeout}
 * (1h), {@code max-connections} (10000), {@code proxy-protocol} ({@code none | v1 | v2}) and {@code splice} are
 * optional. Each entry
 * is checked against the ones before it (unique names, one listener without {@code sni} per address, no
 * {@code sni} twice on an address) and reported at its own line.
 */
final class TcpSection {

    static final List<String> TCP_KEYS = List.of("name", "listen", "service", "match", "connect-timeout",
        "idle-timeout", "max-connections", "proxy-protocol", "splice");
    static final List<String> MATCH_KEYS = List.of("sni");

    private TcpSection() {
    }

    /**
     * The listeners configured by {@code node} (absent: none), each naming one of {@code services}, on an address
     * none of {@code bound} takes but other tcp listeners' equal one (told apart by SNI).
     */
    static List<TcpListener> read(@Nullable ConfigNode node, Set<String> services, BoundAddresses bound) {
        if (node == null) {
            return List.of();
        }
        List<TcpListener> listeners = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            ConfigMap m = item.map(TCP_KEYS);
            String name = m.require("name").text();
            ConfigNode listenNode = m.require("listen");
            InetSocketAddress listen = listen(listenNode);
            String clash = bound.take("tcp " + name, listen, "tcp ");
            if (clash != null) {
                throw listenNode.error("'" + listenNode.text() + "' " + clash + " (expected: another address)");
            }
            String service = RouteSection.service(m, services);
            ConfigNode matchNode = m.get("match");
            String sni = matchNode == null ? null : sni(matchNode.map(MATCH_KEYS), name, listen, service);
            Duration connect = m.duration("connect-timeout", TcpListener.DEFAULT_CONNECT_TIMEOUT);
            Duration idle = m.duration("idle-timeout", TcpListener.DEFAULT_IDLE_TIMEOUT);
            int max = m.integer("max-connections", TcpListener.DEFAULT_MAX_CONNECTIONS);
            ProxyProtocol proxy = proxyProtocol(m.get("proxy-protocol"));
            boolean splice = m.bool("splice", TcpListener.DEFAULT_SPLICE);
            TcpListener l = m.build(() -> new TcpListener(name, listen, service, sni, connect, idle, max, proxy,
                splice));
            listeners.add(l);
            try {
                TcpListeners.check(listeners, services, bound.listen());
            } catch (IllegalArgumentException e) {
                throw item.error(String.valueOf(e.getMessage()));
            }
        }
        return listeners;
    }

    /** {@code match.sni}, checked by the record so a bad one is reported at its own line. */
    private static String sni(ConfigMap match, String name, InetSocketAddress listen, String service) {
        String sni = match.require("sni").text();
        match.build(() -> TcpListener.of(name, listen, service).withSni(sni));
        return sni;
    }

    private static InetSocketAddress listen(ConfigNode node) {
        try {
            return ListenAddress.parse(node.text());
        } catch (IllegalArgumentException e) {
            throw node.error("'" + node.text() + "' " + e.getMessage());
        }
    }

    private static ProxyProtocol proxyProtocol(@Nullable ConfigNode node) {
        if (node == null) {
            return ProxyProtocol.NONE;
        }
        List<String> names = new ArrayList<>();
        for (ProxyProtocol p : ProxyProtocol.values()) {
            if (p.configName().equals(node.text())) {
                return p;
            }
            names.add(p.configName());
        }
        throw node.error("'" + node.text() + "' (expected: " + String.join(" | ", names) + ")"
            + Spelling.hint(node.text(), names));
    }
}
