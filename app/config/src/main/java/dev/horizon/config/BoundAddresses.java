package dev.horizon.config;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The addresses the file's listeners bind, by the key that names each ({@code gateway.listen}, {@code gateway.admin},
 * {@code gateway.tls.listen}, {@code tcp NAME}), so a listener that would take another's port is refused when the file
 * is read rather than when the process binds. Two addresses clash on the same port when their IPs are equal or
 * either is the wildcard ({@code 0.0.0.0}, {@code [::]}): Linux refuses the second bind with {@code EADDRINUSE}
 * either way (no {@code SO_REUSEPORT} here). Port 0 never clashes: the system picks a free one.
 */
final class BoundAddresses {

    private final Map<String, InetSocketAddress> taken = new LinkedHashMap<>();
    private final InetSocketAddress listen;

    /** Starts with {@code gateway.listen} at {@code listen}. */
    BoundAddresses(InetSocketAddress listen) {
        this.listen = listen;
        taken.put("gateway.listen", listen);
    }

    /** {@code gateway.listen}. */
    InetSocketAddress listen() {
        return listen;
    }

    /** Whether {@code a} and {@code b} would take the same port. */
    static boolean overlap(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() != 0 && a.getPort() == b.getPort() && (a.getAddress().equals(b.getAddress())
            || a.getAddress().isAnyLocalAddress() || b.getAddress().isAnyLocalAddress());
    }

    /**
     * Takes {@code address} for {@code key}, or says whose it is: {@code "overlaps gateway.listen '0.0.0.0:8080'"}.
     * An address equal to one taken for a key starting with {@code shareable} is no clash (the tcp listeners on one
     * address, told apart by SNI).
     */
    @Nullable String take(String key, InetSocketAddress address, String shareable) {
        for (Map.Entry<String, InetSocketAddress> e : taken.entrySet()) {
            boolean shared = !shareable.isEmpty() && e.getKey().startsWith(shareable) && e.getValue().equals(address);
            if (!shared && overlap(address, e.getValue())) {
                return "overlaps " + e.getKey() + " '" + ListenAddress.text(e.getValue()) + "'";
            }
        }
        taken.put(key, address);
        return null;
    }
}
