package dev.horizon.fleet;

/**
 * The fleet's view of the load balancer: how it puts instances into traffic and takes them out. The app implements it
 * over the gateway's pool for the service; tests use an in-memory one.
 *
 * <p>The fleet calls these from its own thread, one at a time for a given fleet; implementations must be
 * thread-safe with respect to the request path and must not block. The fleet calls them in this order for an
 * instance: {@link #join} once, {@link #healthy} and {@link #inFlight} any number of times, {@link #drain} at most
 * once, then {@link #leave} once. An instance that exits by itself gets {@link #leave} without {@link #drain}.
 */
public interface Membership {

    /** Adds a ready instance at {@code address} ({@code host:port}) to the pool; it may take requests at once. */
    void join(String instanceId, String address);

    /**
     * Stops sending new requests to the instance; requests in flight go on. The gateway also closes its idle
     * keep-alive connections to it.
     */
    void drain(String instanceId);

    /** Requests the balancer has sent to the instance that have not completed yet; 0 for an unknown instance. */
    int inFlight(String instanceId);

    /** Removes the instance from the pool; it gets no requests after this returns. */
    void leave(String instanceId);

    /**
     * Whether the balancer considers the instance healthy now (its active health checks and outlier detection). The
     * fleet replaces an instance that stays unhealthy for {@link FleetSpec#unhealthyGrace()}.
     */
    boolean healthy(String instanceId);
}
