package dev.horizon.gateway;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The checks {@link GatewayConfig} makes of its {@code tcp} listeners as a whole. */
public final class TcpListeners {

    private TcpListeners() {
    }

    /**
     * Every listener names a known service; names are unique; on one address, server names are unique and at most
     * one listener has none; no listener shares the HTTP listener's address.
     *
     * @throws IllegalArgumentException starting {@code tcp NAME:}, naming what is wrong
     */
    public static void check(List<TcpListener> tcp, Set<String> services, InetSocketAddress httpListen) {
        Set<String> names = new HashSet<>();
        Map<InetSocketAddress, Set<String>> serverNames = new HashMap<>();
        Map<InetSocketAddress, String> fallback = new HashMap<>();
        for (TcpListener l : tcp) {
            String where = "tcp " + l.name() + ": ";
            if (!names.add(l.name())) {
                throw new IllegalArgumentException(where + "duplicate name '" + l.name() + "'");
            }
            if (!services.contains(l.service())) {
                throw new IllegalArgumentException(where + "unknown service '" + l.service() + "' (known: "
                    + new TreeSet<>(services) + ")");
            }
            if (l.listen().getPort() != 0 && l.listen().equals(httpListen)) {
                throw new IllegalArgumentException(where + "listen " + text(l.listen())
                    + " is gateway.listen (expected: another address)");
            }
            String sni = l.sni();
            if (sni == null) {
                String other = fallback.putIfAbsent(l.listen(), l.name());
                if (other != null) {
                    throw new IllegalArgumentException(where + "listener " + other + " on " + text(l.listen())
                        + " already takes connections without an SNI match (expected: match.sni on all but one)");
                }
            } else if (!serverNames.computeIfAbsent(l.listen(), k -> new HashSet<>()).add(sni)) {
                throw new IllegalArgumentException(where + "sni '" + sni + "' is matched twice on "
                    + text(l.listen()));
            }
        }
    }

    private static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
