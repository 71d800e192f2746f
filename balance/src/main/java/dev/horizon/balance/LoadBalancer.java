package dev.horizon.balance;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the endpoint that serves a request, over one immutable {@link Pool} snapshot.
 *
 * <p>Contract, for every implementation: a pick returns one of the pool's {@linkplain Pool#eligible() eligible}
 * endpoints, or {@code null} when there is none; it is safe from any number of threads and takes no lock. A balancer
 * never changes: when membership, health or weights change, build a new pool and a new balancer (cheap for every
 * algorithm; the largest structures are the Maglev table, 65,537 entries, and the ring, 160 points per endpoint).
 *
 * <p>Randomized algorithms draw from a {@code Supplier<RandomGenerator>} called on the picking thread, so
 * {@code ThreadLocalRandom::current} serves production and a seeded generator makes a test exact. Consistent-hashing
 * algorithms are in {@link HashBalancer}.
 */
public interface LoadBalancer {

    /**
     * Picks an endpoint.
     *
     * @param key the request's hash key (see {@link HashKey}); only {@link HashBalancer}s read it
     * @return an eligible endpoint, or {@code null} when the pool has none
     */
    @Nullable Endpoint pick(long key);

    /** Picks an endpoint for a request without a hash key; {@code null} when the pool has no eligible endpoint. */
    default @Nullable Endpoint pick() {
        return pick(0L);
    }

    /** The snapshot this balancer picks from. */
    Pool pool();

    /** Cycles through the eligible endpoints in order, ignoring weights. */
    static LoadBalancer roundRobin(Pool pool) {
        return new RoundRobin(pool, 0);
    }

    /**
     * nginx's smooth weighted round robin: with weights a=5, b=1, c=1 it picks {@code a a b a c a a}, repeating. With
     * equal weights it is plain round robin.
     */
    static LoadBalancer smoothWeightedRoundRobin(Pool pool) {
        return new SmoothWeightedRoundRobin(pool, 0);
    }

    /**
     * The endpoint with the fewest open connections relative to its weight (nginx {@code least_conn}); ties go round
     * robin.
     */
    static LoadBalancer leastConnections(Pool pool) {
        return new LeastConnections(pool, 0);
    }

    /**
     * Envoy's least request with bias 1.0: with equal weights the less busy of two distinct random endpoints ("power
     * of two choices"); with unequal weights a random endpoint by effective weight {@code weight / (active + 1)}.
     */
    static LoadBalancer leastRequest(Pool pool, Supplier<? extends RandomGenerator> random) {
        return new LeastRequest(pool, LeastRequest.DEFAULT_ACTIVE_REQUEST_BIAS, random);
    }

    /**
     * Envoy's least request with a chosen active-request bias: unequal weights become
     * {@code weight / (active + 1)^bias}; bias 0 makes it weighted random.
     */
    static LoadBalancer leastRequest(Pool pool, double activeRequestBias, Supplier<? extends RandomGenerator> random) {
        return new LeastRequest(pool, activeRequestBias, random);
    }

    /**
     * Finagle's and Linkerd's peak EWMA: of two distinct random endpoints, the one with the lower
     * {@code latency EWMA × (in-flight + 1)} (see {@link EndpointLoad}).
     *
     * @param nanoClock a monotonic clock in nanoseconds, the same one that stamps {@link EndpointLoad#recordLatency}
     */
    static LoadBalancer peakEwma(Pool pool, LongSupplier nanoClock, Supplier<? extends RandomGenerator> random) {
        return new PeakEwma(pool, nanoClock, random);
    }

    /** A uniformly random endpoint, or one drawn in proportion to weight when weights differ (alias method, O(1)). */
    static LoadBalancer random(Pool pool, Supplier<? extends RandomGenerator> random) {
        return new RandomPick(pool, random);
    }
}
