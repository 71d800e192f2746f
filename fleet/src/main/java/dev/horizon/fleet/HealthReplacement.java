package dev.horizon.fleet;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When the fleet may replace an instance that failed health: the pause when every instance fails the same way.
 *
 * <p>Implementation notes: an unhealthy instance is replaced to cure that instance. When every instance in the pool
 * fails health, and the fleet's own probe of each gets the same HTTP answer ({@code status 503}), the cause is almost
 * surely something they share — a database, a cache, a session store — and new instances would fail the same way:
 * replacing them all would only turn a partial outage into a total one (each replacement drains an instance that may
 * still serve pages that need nothing of the failing dependency). So the fleet pauses replacement and says why, and
 * resumes as soon as one instance passes again or the instances fail in different ways. This is the reasoning behind
 * Kubernetes' advice that a liveness probe must not check shared dependencies (Kubernetes docs, "Configure Liveness,
 * Readiness and Startup Probes"), applied where the fleet cannot choose the probe. It needs at least two instances: one
 * failing instance tells nothing about its neighbours and is replaced. Only an answer counts as "the same way":
 * instances that all refuse connections or all time out may all be dead (a crash, a deadlock, a listener that died),
 * which new instances cure, so they are replaced. How many are replaced at once is bounded separately
 * ({@link CountOrPercent}).
 */
final class HealthReplacement {

    /** The failure recorded for an instance the balancer calls unhealthy while the fleet's probe passes. */
    static final String PROBE_PASSES = "unhealthy in the load balancer, the probe passes";

    /** Fewest instances in the pool for a shared failure to count as one. */
    static final int SHARED_AFTER = 2;

    private HealthReplacement() {
    }

    /**
     * Why replacement pauses, e.g. {@code replacement paused: all 2 instances fail health the same way (status 503)},
     * or {@code null} when it does not: {@code failures} holds, for every instance in the pool, what its last probe
     * while unhealthy said, or {@code null} when it is healthy or not probed yet.
     */
    static @Nullable String pause(List<@Nullable String> failures) {
        if (failures.size() < SHARED_AFTER || failures.contains(null)) {
            return null;
        }
        String first = Objects.requireNonNull(failures.getFirst());
        boolean answered = first.startsWith("status ") || first.equals(PROBE_PASSES);
        if (!answered || !failures.stream().allMatch(first::equals)) {
            return null;
        }
        return "replacement paused: all " + failures.size() + " instances fail health the same way (" + first + ")";
    }
}
