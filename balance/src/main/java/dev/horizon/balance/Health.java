package dev.horizon.balance;

/**
 * Whether an endpoint may take new requests, as seen by the active health checker, the outlier detector and the
 * operator.
 */
public enum Health {
    /** Passing health checks and not ejected: takes requests. */
    HEALTHY,
    /** Failing active health checks. Takes requests only when the pool is in panic mode. */
    UNHEALTHY,
    /** Ejected by outlier detection (passive health). Takes requests only when the pool is in panic mode. */
    EJECTED,
    /** Being drained by an operator or a scale-in: never takes new requests, not even in panic mode. */
    DRAINING;

    /** True for {@link #HEALTHY}: the endpoint takes requests in a pool that is not in panic. */
    public boolean available() {
        return this == HEALTHY;
    }
}
