package dev.horizon.fleet;

/**
 * Where an instance is in its life: {@code PENDING → STARTING → WARMING → IN_SERVICE → DRAINING → STOPPED}, or
 * {@code FAILED} when it ends for a reason the fleet did not choose. Every state but the last two may also go straight
 * to {@code DRAINING} (scale-in, operator drain, a failure the fleet acts on) or to {@code FAILED} (an exit nobody
 * asked for).
 */
public enum InstanceState {
    /** Created to meet the desired count, not launched yet (launching, or waiting out a crash-loop backoff). */
    PENDING,
    /** Launched; its readiness probe has not yet passed {@code rise} times in a row. Not in the pool. */
    STARTING,
    /** In the pool and taking requests, but younger than {@code warmup}: left out of scaling metrics. */
    WARMING,
    /** In the pool, warmed up: counts as ready capacity. */
    IN_SERVICE,
    /** Being stopped: takes no new requests, finishes the ones in flight, then is terminated (killed if need be). */
    DRAINING,
    /** Ended after the fleet stopped it (scale-in, operator drain, close). Terminal. */
    STOPPED,
    /**
     * Ended for a reason the fleet did not choose: exited by itself, failed to launch, was not ready within
     * {@code start-timeout}, or stayed unhealthy longer than {@code unhealthy-grace}. Terminal; it is replaced.
     */
    FAILED;

    /** Whether the instance has ended ({@link #STOPPED} or {@link #FAILED}). */
    public boolean terminal() {
        return this == STOPPED || this == FAILED;
    }

    /** Whether the instance counts towards the desired count: every state before {@link #DRAINING}. */
    public boolean active() {
        return this == PENDING || this == STARTING || this == WARMING || this == IN_SERVICE;
    }
}
