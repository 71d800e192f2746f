package dev.horizon.gateway;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One L4 listener as the admin API and {@code horizon status} show it.
 *
 * @param name        the listener's name
 * @param listen      where it listens, {@code host:port} (the actual port when it asked for port 0); empty while it is
 *                    not bound (the gateway is draining)
 * @param service     the service whose endpoints take its connections
 * @param sni         its {@code match.sni}, or null when it takes the connections no other listener's name matches
 * @param splice      whether it forwards with {@code splice(2)}
 * @param connections client connections open on it now
 */
public record TcpListenerStatus(String name, String listen, String service, @Nullable String sni, boolean splice,
    int connections) {

    /** Validates the components. */
    public TcpListenerStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(service, "service");
    }
}
