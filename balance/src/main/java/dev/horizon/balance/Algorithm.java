package dev.horizon.balance;

import dev.horizon.spelling.Spelling;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The balancing algorithms by their configuration names ({@code balance:} in {@code horizon.yaml}), so the gateway,
 * the simulator and the benchmarks build balancers from a name in one place.
 */
public enum Algorithm {
    /** {@link LoadBalancer#roundRobin}. */
    ROUND_ROBIN("round-robin"),
    /** {@link LoadBalancer#smoothWeightedRoundRobin}. */
    WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
    /** {@link LoadBalancer#leastConnections}. */
    LEAST_CONNECTIONS("least-connections"),
    /** {@link LoadBalancer#leastRequest(Pool, Supplier)}. */
    LEAST_REQUEST("least-request"),
    /** {@link LoadBalancer#peakEwma}. */
    PEAK_EWMA("peak-ewma"),
    /** {@link LoadBalancer#random}. */
    RANDOM("random"),
    /**
     * nginx's {@code ip_hash} by name: Maglev over the client's address, where the gateway hashes the first three
     * octets of an IPv4 address (a /24 stays on one endpoint, as in nginx) or the whole IPv6 address, whatever
     * {@code hash-on} says.
     */
    IP_HASH("ip-hash"),
    /** {@link HashBalancer#ringHash}. */
    RING_HASH("ring-hash"),
    /** {@link HashBalancer#maglev}. */
    MAGLEV("maglev"),
    /** {@link HashBalancer#jumpHash}. */
    JUMP_HASH("jump-hash"),
    /** {@link HashBalancer#rendezvous}. */
    RENDEZVOUS("rendezvous");

    private final String configName;

    Algorithm(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, e.g. {@code least-request}. */
    public String configName() {
        return configName;
    }

    /** Whether this algorithm places requests by a hash key (and so can take a bounded load). */
    public boolean hashing() {
        return this == IP_HASH || this == RING_HASH || this == MAGLEV || this == JUMP_HASH || this == RENDEZVOUS;
    }

    /**
     * The algorithm configured as {@code name}.
     *
     * @throws IllegalArgumentException naming the valid choices, and the closest one when the name looks like a typo
     */
    public static Algorithm of(String name) {
        for (Algorithm a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        String valid = Arrays.stream(values()).map(Algorithm::configName).collect(Collectors.joining(" | "));
        Algorithm closest = Arrays.stream(values())
            .min((a, b) -> Integer.compare(Spelling.distance(a.configName, name),
                Spelling.distance(b.configName, name)))
            .orElseThrow();
        String hint = Spelling.distance(closest.configName, name.toLowerCase(Locale.ROOT)) <= 3
            ? " (did you mean '" + closest.configName + "'?)"
            : "";
        throw new IllegalArgumentException("balance: '" + name + "' (expected: " + valid + ")" + hint);
    }

    /**
     * A balancer of this algorithm over {@code pool}.
     *
     * @param nanoClock monotonic nanoseconds, read by {@link #PEAK_EWMA}
     * @param random    per-thread randomness, read by the randomized algorithms
     */
    public LoadBalancer create(Pool pool, LongSupplier nanoClock, Supplier<? extends RandomGenerator> random) {
        return switch (this) {
            case ROUND_ROBIN -> LoadBalancer.roundRobin(pool);
            case WEIGHTED_ROUND_ROBIN -> LoadBalancer.smoothWeightedRoundRobin(pool);
            case LEAST_CONNECTIONS -> LoadBalancer.leastConnections(pool);
            case LEAST_REQUEST -> LoadBalancer.leastRequest(pool, random);
            case PEAK_EWMA -> LoadBalancer.peakEwma(pool, nanoClock, random);
            case RANDOM -> LoadBalancer.random(pool, random);
            case IP_HASH, MAGLEV -> HashBalancer.maglev(pool);
            case RING_HASH -> HashBalancer.ringHash(pool);
            case JUMP_HASH -> HashBalancer.jumpHash(pool);
            case RENDEZVOUS -> HashBalancer.rendezvous(pool);
        };
    }

    @Override
    public String toString() {
        return configName;
    }
}
