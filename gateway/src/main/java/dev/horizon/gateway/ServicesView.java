package dev.horizon.gateway;

import java.util.List;

/** What the admin API shows and changes about services while the gateway runs. */
public interface ServicesView {

    /** Every service with its endpoints, in name order. */
    List<ServiceStatus> list();

    /**
     * Starts (or stops) draining an endpoint: no new requests, in-flight ones finish.
     *
     * @return false when the service or endpoint does not exist
     */
    boolean drain(String service, String endpoint, boolean draining);

    /**
     * Changes an endpoint's weight until the next reload.
     *
     * @return false when the service or endpoint does not exist
     */
    boolean setWeight(String service, String endpoint, int weight);

    /**
     * A service and its endpoints now.
     *
     * @param name      the service
     * @param balance   the balancing algorithm's config name
     * @param panic     whether the pool is in panic mode
     * @param endpoints each endpoint
     */
    record ServiceStatus(String name, String balance, boolean panic, List<EndpointStatus> endpoints) {
    }

    /**
     * One endpoint now.
     *
     * @param id        the endpoint's id (its address)
     * @param health    healthy, unhealthy, ejected or draining
     * @param weight    the configured (or operator-set) weight
     * @param inFlight  requests in flight
     * @param latencyMs the peak-EWMA latency estimate in milliseconds
     */
    record EndpointStatus(String id, String health, int weight, int inFlight, double latencyMs) {
    }
}
