package dev.horizon.gateway.internal.tcp;

import dev.horizon.gateway.TcpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The L4 listeners of one configuration grouped by address, and which of them takes a connection.
 *
 * <p>Choice on an address: the listener whose {@code sni} equals the ClientHello's server name, else the one whose
 * wildcard covers it, else the one without {@code sni}; a connection that is not TLS or names no server goes to the
 * one without {@code sni} (HAProxy's {@code use_backend ... if { req.ssl_sni -i HOST }} with a
 * {@code default_backend}). Server names compare case-insensitively, as DNS names do.
 */
final class ListenerTable {

    private final Map<InetSocketAddress, List<TcpListener>> byAddress;

    ListenerTable(List<TcpListener> listeners) {
        Map<InetSocketAddress, List<TcpListener>> map = new LinkedHashMap<>();
        for (TcpListener l : listeners) {
            map.computeIfAbsent(l.listen(), k -> new ArrayList<>()).add(l);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byAddress = Map.copyOf(map);
    }

    /** The configured addresses. */
    Set<InetSocketAddress> addresses() {
        return byAddress.keySet();
    }

    /** The listeners on {@code address}; empty when it has none. */
    List<TcpListener> on(InetSocketAddress address) {
        return byAddress.getOrDefault(address, List.of());
    }

    /** Whether a connection on {@code address} must be asked for its server name before a listener is chosen. */
    boolean readsServerName(InetSocketAddress address) {
        for (TcpListener l : on(address)) {
            if (l.sni() != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether a listener on {@code address} splices, so its connections' bytes must be counted from the start. */
    boolean splices(InetSocketAddress address) {
        for (TcpListener l : on(address)) {
            if (l.splice()) {
                return true;
            }
        }
        return false;
    }

    /** The listener on {@code address} for {@code serverName} (null: none given), or null when none takes it. */
    @Nullable TcpListener choose(InetSocketAddress address, @Nullable String serverName) {
        List<TcpListener> listeners = on(address);
        TcpListener fallback = null;
        TcpListener wildcard = null;
        String name = serverName == null ? null : serverName.toLowerCase(Locale.ROOT);
        for (TcpListener l : listeners) {
            String sni = l.sni();
            if (sni == null) {
                fallback = l;
            } else if (name != null && sni.equals(name)) {
                return l;
            } else if (name != null && wildcard == null && l.matches(name)) {
                wildcard = l;
            }
        }
        return wildcard != null ? wildcard : fallback;
    }
}
