package dev.horizon.gateway.internal.tcp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An endpoint a TCP connection may be relayed to.
 *
 * @param id      the endpoint's id in its service (its {@code host:port})
 * @param address where to connect
 */
public record TcpEndpoint(String id, InetSocketAddress address) {

    /** Validates the components. */
    public TcpEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}
