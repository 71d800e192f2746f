package dev.horizon.balance;

import java.util.Objects;

/**
 * One backend that can serve requests, as an immutable snapshot of its identity, configured weight, zone and health.
 *
 * <p>The live counters an algorithm needs (in-flight requests, open connections, latency EWMA) are in {@link #load()}.
 * That object is shared by every snapshot of the same endpoint, so a pool rebuilt after a health change keeps the
 * counters of the endpoints it kept: {@link #withHealth(Health)} and {@link #withWeight(int)} carry it over.
 *
 * @param id      stable, unique within a pool (for example {@code shop-3} or {@code 127.0.0.1:9001}); hash balancers
 *                place endpoints by it, so the same id lands on the same keys after a restart
 * @param address where to connect, {@code host:port}
 * @param weight  relative share of traffic, {@value #MIN_WEIGHT}..{@value #MAX_WEIGHT}
 * @param zone    locality label, empty when unknown
 * @param health  whether it may take new requests
 * @param load    live counters, shared across snapshots of this endpoint
 */
public record Endpoint(String id, String address, int weight, String zone, Health health, EndpointLoad load) {

    /** Smallest configurable weight. */
    public static final int MIN_WEIGHT = 1;
    /** Largest configurable weight. */
    public static final int MAX_WEIGHT = 1000;

    /** Validates every component; messages name the bad value and what was expected. */
    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(load, "load");
        if (id.isBlank()) {
            throw new IllegalArgumentException("endpoint id: must not be blank");
        }
        if (address.isBlank()) {
            throw new IllegalArgumentException("endpoint " + id + ": address must not be blank");
        }
        if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(
                "endpoint " + id + ": weight: " + weight + " (expected: " + MIN_WEIGHT + ".." + MAX_WEIGHT + ")");
        }
    }

    /** A healthy endpoint in no zone whose id is its address, with weight 1 and fresh counters. */
    public static Endpoint of(String address) {
        return new Endpoint(address, address, 1, "", Health.HEALTHY, new EndpointLoad());
    }

    /** A healthy endpoint in no zone whose id is its address, with fresh counters. */
    public static Endpoint of(String address, int weight) {
        return new Endpoint(address, address, weight, "", Health.HEALTHY, new EndpointLoad());
    }

    /** The same endpoint (and counters) with another health. */
    public Endpoint withHealth(Health newHealth) {
        return newHealth == health ? this : new Endpoint(id, address, weight, zone, newHealth, load);
    }

    /** The same endpoint (and counters) with another weight. */
    public Endpoint withWeight(int newWeight) {
        return newWeight == weight ? this : new Endpoint(id, address, newWeight, zone, health, load);
    }

    @Override
    public String toString() {
        return id;
    }
}
