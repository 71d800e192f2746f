package dev.horizon.gateway.internal.tcp;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the L4 proxy needs of a service: the same balancer, health and outlier state the HTTP path uses, seen as
 * connections rather than requests. Thread-safe.
 */
public interface TcpService {

    /**
     * An endpoint for a connection from {@code clientAddress} (the key of hash balancers), avoiding the ids in
     * {@code tried} when another is eligible; null when the service has no eligible endpoint.
     */
    @Nullable TcpEndpoint pick(String clientAddress, Set<String> tried);

    /** How many endpoints one connection may try before it gives up: 1 + the service's retry attempts. */
    int attempts();

    /** A connection to {@code endpoint} opened: it counts as load until {@link #closed}; outlier detection hears it. */
    void connected(TcpEndpoint endpoint);

    /** Opening a connection to {@code endpoint} failed or timed out: a connect failure for outlier detection. */
    void connectFailed(TcpEndpoint endpoint);

    /** A connection {@link #connected} to {@code endpoint} closed. */
    void closed(TcpEndpoint endpoint);

    /** The services by name, as the current configuration has them. */
    @FunctionalInterface
    interface Directory {
        /** The service called {@code name}, or null when the current configuration has none. */
        @Nullable TcpService service(String name);
    }
}
