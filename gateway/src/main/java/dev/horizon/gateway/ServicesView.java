package dev.horizon.gateway;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the admin API shows and changes about services while the gateway runs. */
public interface ServicesView {

    /** Every service with its endpoints, in name order. */
    List<ServiceStatus> list();

    /**
     * Starts (or stops) draining an endpoint: no new requests, in-flight ones finish, and idle keep-alive connections
     * to it are closed (connections serving a request close when the endpoint leaves the configuration, or when it
     * closes them itself).
     *
     * @return false when the service or endpoint does not exist
     */
    boolean drain(String service, String endpoint, boolean draining);

    /**
     * Changes an endpoint's weight until {@link #resetWeights()}; a {@link Gateway#reload} keeps it for an endpoint
     * that stays, so instances joining or leaving do not undo it.
     *
     * @return false when the service or endpoint does not exist
     */
    boolean setWeight(String service, String endpoint, int weight);

    /** Puts every endpoint of every service back on its configured weight, undoing {@link #setWeight}. */
    void resetWeights();

    /**
     * What the gateway recorded of a service's requests, second by second: from {@code fromEpochSecond} (or the oldest
     * second it keeps, a day ago, if later) through the current second, which is still counting; one entry per
     * second, seconds without requests included.
     *
     * @return null when there is no such service
     */
    @Nullable List<RecordedSecond> recording(String service, long fromEpochSecond);

    /** The second (since the epoch) the gateway's clock is in now: the last second {@link #recording} returns. */
    long epochSecond();

    /**
     * One second of a service's requests, counted in the second they arrived in, once they ended.
     *
     * @param epochSecond the second, since 1970-01-01T00:00:00Z
     * @param served      requests answered 1xx to 4xx
     * @param rejected    requests answered 5xx other than 504 (the gateway's own 502 and 503 included)
     * @param timedOut    requests answered 504 (the gateway's own deadline included)
     * @param unanswered  requests that ended without a status: the client left, or the connection was cut
     * @param p50Ms       median latency of the requests that ended in this second (to within a second), in
     *                    milliseconds; NaN when none did
     * @param p95Ms       their 95th percentile, NaN when none
     * @param p99Ms       their 99th percentile, NaN when none
     */
    record RecordedSecond(long epochSecond, long served, long rejected, long timedOut, long unanswered, double p50Ms,
                          double p95Ms, double p99Ms) {

        /** Every request that arrived in this second and has ended. */
        public long arrivals() {
            return served + rejected + timedOut + unanswered;
        }
    }

    /**
     * A service and its endpoints now.
     *
     * @param name      the service
     * @param balance   the balancing algorithm's config name
     * @param panic     whether the pool is in panic mode
     * @param traffic   requests per second and latency over the last ten seconds
     * @param endpoints each endpoint
     */
    record ServiceStatus(String name, String balance, boolean panic, Traffic traffic, List<EndpointStatus> endpoints) {
    }

    /**
     * One endpoint now.
     *
     * @param id        the endpoint's id (its address)
     * @param health    healthy, unhealthy, ejected or draining
     * @param weight    the configured (or operator-set) weight
     * @param inFlight  requests in flight
     * @param latencyMs the peak-EWMA latency estimate in milliseconds
     * @param traffic   attempts per second and their latency over the last ten seconds
     */
    record EndpointStatus(String id, String health, int weight, int inFlight, double latencyMs, Traffic traffic) {
    }

    /**
     * Traffic over the last ten seconds.
     *
     * @param rps   requests (attempts, for an endpoint) per second
     * @param p50Ms median latency in milliseconds
     * @param p95Ms 95th percentile latency in milliseconds
     * @param p99Ms 99th percentile latency in milliseconds
     */
    record Traffic(double rps, double p50Ms, double p95Ms, double p99Ms) {
    }
}
