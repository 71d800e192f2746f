package dev.horizon.gateway.internal;

/**
 * The places for retries in flight that a service's requests share (Envoy's retry budget): a retry of a request that
 * reached an endpoint takes one and gives it back when its exchange ends. {@link ServiceRuntime} is the one in use.
 */
interface RetryBudget {

    /** Takes a place; false when the budget is spent. */
    boolean tryStartRetry();

    /** Gives back a place taken by {@link #tryStartRetry()}. */
    void retryFinished();
}
