package dev.horizon.gateway;

import java.util.List;
import java.util.Map;
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
     * What a service's revisions served since the previous call, for a rollout's analysis: one entry per revision
     * label the service's endpoints or its {@link RevisionSplit} name, each request counted once it ended, under the
     * revision of the endpoint that answered it or, when none did (a subset without a usable endpoint), of the
     * revision the split chose for it. Requests to endpoints without a revision label, and requests the client left
     * before any answer, are not counted. A draining read meant for one consumer: each request is in exactly one
     * call's figures.
     *
     * @return the samples by revision label, in label order; empty when there is no such service
     */
    Map<String, RevisionSample> takeRevisionSamples(String service);

    /**
     * One second of a service's requests, counted in the second they arrived in, once they ended, by status class.
     * Requests the gateway refused before they reached the service count too (a route's 429, a concurrency limit's
     * 503): they are the service's demand.
     *
     * @param epochSecond  the second, since 1970-01-01T00:00:00Z
     * @param ok           requests answered 1xx to 3xx
     * @param clientErrors requests answered 4xx other than 429
     * @param limited      requests answered 429: by the route's rate limit, or by the endpoint
     * @param serverErrors requests answered 5xx other than 504 and the shed 503s (the gateway's own 502 and 503
     *                     included)
     * @param shed         requests the service's concurrency limit refused with 503
     * @param timedOut     requests answered 504 (the gateway's own deadline included)
     * @param unanswered   requests that ended without a status: the client left, or the connection was cut
     * @param p50Ms        median latency of the requests that ended in this second (to within a second), in
     *                     milliseconds; NaN when none did
     * @param p95Ms        their 95th percentile, NaN when none
     * @param p99Ms        their 99th percentile, NaN when none
     */
    record RecordedSecond(long epochSecond, long ok, long clientErrors, long limited, long serverErrors, long shed,
                          long timedOut, long unanswered, double p50Ms, double p95Ms, double p99Ms) {

        /** Every request that arrived in this second and has ended. */
        public long arrivals() {
            return served() + rejected() + timedOut + unanswered;
        }

        /** Requests answered 1xx to 4xx (429 included). */
        public long served() {
            return ok + clientErrors + limited;
        }

        /** Requests answered 5xx other than 504 (shed 503s included). */
        public long rejected() {
            return serverErrors + shed;
        }
    }

    /**
     * What one revision of a service served in an interval: see {@link #takeRevisionSamples}.
     *
     * @param requests    requests that ended with a status
     * @param errors      of those, the ones answered 5xx: by the endpoint, or by the gateway (502, 503, 504)
     * @param latenciesMs the latency of the first 10,000 of them in milliseconds, from request head to the end of
     *                    the response, in the order they ended; a fresh array the caller owns
     */
    @SuppressWarnings("ArrayRecordComponent") // a sample is read once, never compared; the array is the caller's
    record RevisionSample(long requests, long errors, double[] latenciesMs) {

        /** Latencies kept per revision and interval; requests beyond it are counted but not sampled. */
        public static final int MAX_LATENCIES = 10_000;

        /** The share of requests answered 5xx, 0 when there were none. */
        public double errorRate() {
            return requests == 0 ? 0 : errors / (double) requests;
        }
    }

    /**
     * What one revision of a service served since the service first appeared.
     *
     * @param revision  the revision's label
     * @param requests  requests that ended with a status (see {@link #takeRevisionSamples})
     * @param errors    of those, the ones answered 5xx
     * @param fallbacks requests the split chose this revision for (by weight, not by preview) that went to the other
     *                  revision because this one had no usable endpoint
     */
    record RevisionCounts(String revision, long requests, long errors, long fallbacks) {
    }

    /**
     * A service and its endpoints now.
     *
     * @param name      the service
     * @param balance   the balancing algorithm's config name
     * @param panic     whether the pool (either revision's pool, under a split) is in panic mode
     * @param traffic   requests per second and latency over the last ten seconds
     * @param endpoints each endpoint
     * @param split     the revision split in force, or null
     * @param revisions what each revision label served so far, in label order; empty when no endpoint has a label
     */
    record ServiceStatus(String name, String balance, boolean panic, Traffic traffic, List<EndpointStatus> endpoints,
                         @Nullable RevisionSplit split, List<RevisionCounts> revisions) {

        /** Freezes the lists. */
        public ServiceStatus {
            endpoints = List.copyOf(endpoints);
            revisions = List.copyOf(revisions);
        }

        /** A service without revisions. */
        public ServiceStatus(String name, String balance, boolean panic, Traffic traffic,
            List<EndpointStatus> endpoints) {
            this(name, balance, panic, traffic, endpoints, null, List.of());
        }
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
     * @param revision  the revision the endpoint runs ({@link EndpointConfig#revision()}), empty for none
     */
    record EndpointStatus(String id, String health, int weight, int inFlight, double latencyMs, Traffic traffic,
                          String revision) {

        /** An endpoint without a revision label. */
        public EndpointStatus(String id, String health, int weight, int inFlight, double latencyMs, Traffic traffic) {
            this(id, health, weight, inFlight, latencyMs, traffic, "");
        }
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
