package dev.horizon.fleet;

import org.jspecify.annotations.Nullable;

/**
 * The fleet's record of one instance: mutable, and touched only on the fleet's thread. Times are on the fleet's
 * nanosecond clock.
 */
final class Instance {

    final String id;
    final long sequence;
    final long createdAt;

    InstanceState state = InstanceState.PENDING;
    long stateSince;
    String reason = "";

    @Nullable Handle handle;
    long launchedAt;
    long launchNumber;

    int passes;
    long nextProbeAt;
    boolean probing;
    @Nullable String lastProbeFailure;

    boolean joined;
    boolean left;
    long joinedAt;
    boolean unhealthy;
    long unhealthySince;
    /** While unhealthy: what the fleet's own probe of it said last ({@link HealthReplacement#PROBE_PASSES}). */
    @Nullable String healthFailure;
    /** Created to replace an instance that failed health; holds a replacement slot until it joins the pool. */
    boolean replacement;

    boolean stopIsFailure;
    long drainDeadline;
    boolean terminated;
    long killAt;
    boolean killed;

    @Nullable Exit exit;

    long cpuSampleAt;
    long cpuSampleNanos = -1;
    long cpuMillicores = -1;

    Instance(String id, long sequence, long createdAt) {
        this.id = id;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.stateSince = createdAt;
    }

    @Nullable String address() {
        Handle h = handle;
        return h == null ? null : h.address();
    }

    /** In the pool: joined and not yet left. */
    boolean inPool() {
        return joined && !left;
    }
}
