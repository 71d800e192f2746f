package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.util.OptionalLong;
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

    /** The size it launches with, then the size it runs at (after an in-place resize). */
    Resources size;

    long cpuSampleAt;
    long cpuSampleNanos = -1;
    long cpuMillicores = -1;
    long memoryBytes = -1;

    Instance(String id, long sequence, long createdAt, Resources size) {
        this.id = id;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.stateSince = createdAt;
        this.size = size;
    }

    /**
     * Samples CPU and memory use at most once per {@code window} nanoseconds: CPU as the CPU time used since the last
     * sample over the time passed, in millicores.
     */
    void sample(long now, long window) {
        Handle h = handle;
        if (h == null || (cpuSampleNanos >= 0 && now - cpuSampleAt < window)) {
            return;
        }
        OptionalLong memory = h.memoryBytes();
        memoryBytes = memory.isPresent() ? memory.getAsLong() : -1;
        OptionalLong cpu = h.cpuTimeNanos();
        if (cpu.isEmpty()) {
            return;
        }
        if (cpuSampleNanos >= 0 && now - cpuSampleAt > 0) {
            cpuMillicores = Math.max(0, (cpu.getAsLong() - cpuSampleNanos) * 1000 / (now - cpuSampleAt));
        }
        cpuSampleNanos = cpu.getAsLong();
        cpuSampleAt = now;
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
