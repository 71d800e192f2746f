package dev.horizon.gateway;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One service of {@code services} in {@code horizon.yaml}: its endpoints and how requests are spread over them.
 *
 * @param name                  the service's name, referenced by routes
 * @param balance               the balancing algorithm
 * @param hashOn                where hash algorithms take their key
 * @param boundedLoad           for hash algorithms: the bounded-load factor (>= 1), or 0 for plain placement
 * @param sticky                sticky sessions, or null
 * @param health                active health checks, or null for none (endpoints are then trusted until outlier
 *                              detection ejects them)
 * @param outlier               passive health checks, or null for none
 * @param retries               retry policy
 * @param slowStart             slow start of newly healthy endpoints ({@link SlowStart#NONE} for none)
 * @param panicThresholdPercent below this share of healthy endpoints, balance over all of them
 * @param endpoints             static endpoints
 * @param split                 the split of requests between two revisions of the endpoints during a deployment, or
 *                              null for none: every endpoint takes requests, whatever its revision
 * @param concurrencyLimit      how many requests may be in flight to the service at once (load shedding), or null
 *                              for no limit
 * @param tls                   TLS to the endpoints, or null for plain HTTP
 */
public record ServiceConfig(String name, Algorithm balance, HashOn hashOn, double boundedLoad,
    @Nullable Sticky sticky, @Nullable HealthProbe health, @Nullable OutlierDetection outlier, RetryPolicy retries,
    SlowStart slowStart, int panicThresholdPercent, List<EndpointConfig> endpoints, @Nullable RevisionSplit split,
    @Nullable ConcurrencyLimitConfig concurrencyLimit, @Nullable EndpointTls tls) {

    /** Validates the components and freezes the endpoint list; endpoint addresses are unique. */
    public ServiceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(hashOn, "hashOn");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(slowStart, "slowStart");
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("service name: '" + name + "' (expected: letters, digits, _ . -)");
        }
        if (boundedLoad != 0 && !(boundedLoad >= 1.0 && Double.isFinite(boundedLoad))) {
            throw new IllegalArgumentException("bounded-load: " + boundedLoad + " (expected: >= 1.0, or 0 for off)");
        }
        if (boundedLoad != 0 && !balance.hashing()) {
            throw new IllegalArgumentException("bounded-load: only applies to hash algorithms, not " + balance);
        }
        if (panicThresholdPercent < 0 || panicThresholdPercent > 100) {
            throw new IllegalArgumentException("panic-threshold: " + panicThresholdPercent + " (expected: 0..100)");
        }
        Set<String> seen = new HashSet<>();
        for (EndpointConfig e : endpoints) {
            if (!seen.add(e.address())) {
                throw new IllegalArgumentException("endpoints: duplicate address " + e.address());
            }
        }
    }

    /** A service in plain HTTP to its endpoints; {@link #withTls} adds TLS. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public ServiceConfig(String name, Algorithm balance, HashOn hashOn, double boundedLoad, @Nullable Sticky sticky,
        @Nullable HealthProbe health, @Nullable OutlierDetection outlier, RetryPolicy retries, SlowStart slowStart,
        int panicThresholdPercent, List<EndpointConfig> endpoints, @Nullable RevisionSplit split,
        @Nullable ConcurrencyLimitConfig concurrencyLimit) {
        this(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart, panicThresholdPercent,
            endpoints, split, concurrencyLimit, null);
    }

    /** A service without a concurrency limit; {@link #withConcurrencyLimit} adds one. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public ServiceConfig(String name, Algorithm balance, HashOn hashOn, double boundedLoad, @Nullable Sticky sticky,
        @Nullable HealthProbe health, @Nullable OutlierDetection outlier, RetryPolicy retries, SlowStart slowStart,
        int panicThresholdPercent, List<EndpointConfig> endpoints, @Nullable RevisionSplit split) {
        this(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart, panicThresholdPercent,
            endpoints, split, null, null);
    }

    /** A service without a revision split. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public ServiceConfig(String name, Algorithm balance, HashOn hashOn, double boundedLoad, @Nullable Sticky sticky,
        @Nullable HealthProbe health, @Nullable OutlierDetection outlier, RetryPolicy retries, SlowStart slowStart,
        int panicThresholdPercent, List<EndpointConfig> endpoints) {
        this(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart, panicThresholdPercent,
            endpoints, null, null, null);
    }

    /** This service with {@code newEndpoints} instead of its endpoints. */
    public ServiceConfig withEndpoints(List<EndpointConfig> newEndpoints) {
        return new ServiceConfig(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart,
            panicThresholdPercent, newEndpoints, split, concurrencyLimit, tls);
    }

    /** This service with {@code newHealth} (null: none) instead of its active health checks. */
    public ServiceConfig withHealth(@Nullable HealthProbe newHealth) {
        return new ServiceConfig(name, balance, hashOn, boundedLoad, sticky, newHealth, outlier, retries, slowStart,
            panicThresholdPercent, endpoints, split, concurrencyLimit, tls);
    }

    /** This service with {@code newSplit} (null: none) instead of its revision split. */
    public ServiceConfig withSplit(@Nullable RevisionSplit newSplit) {
        return new ServiceConfig(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart,
            panicThresholdPercent, endpoints, newSplit, concurrencyLimit, tls);
    }

    /** This service with {@code limit} (null: none) instead of its concurrency limit. */
    public ServiceConfig withConcurrencyLimit(@Nullable ConcurrencyLimitConfig limit) {
        return new ServiceConfig(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart,
            panicThresholdPercent, endpoints, split, limit, tls);
    }

    /** This service with {@code newTls} (null: plain HTTP) to its endpoints. */
    public ServiceConfig withTls(@Nullable EndpointTls newTls) {
        return new ServiceConfig(name, balance, hashOn, boundedLoad, sticky, health, outlier, retries, slowStart,
            panicThresholdPercent, endpoints, split, concurrencyLimit, newTls);
    }

    /** A service with Horizon's defaults (least request, no health checks, default retries) over static endpoints. */
    public static ServiceConfig of(String name, List<EndpointConfig> endpoints) {
        return new ServiceConfig(name, Algorithm.LEAST_REQUEST, HashOn.CLIENT_IP, 0, null, null,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            endpoints);
    }
}
