package dev.horizon.deploy;

/**
 * How many instances of the new and the old revision a rolling update should run now: the Kubernetes Deployment
 * controller's rolling-update math ({@code pkg/controller/deployment/rolling.go} and
 * {@code util/deployment_util.go}), with the two revisions standing for its new and old ReplicaSets.
 *
 * <p>{@code max-surge} is how many instances above the desired count may run during the update, rounded up from a
 * percentage; {@code max-unavailable} how many below the desired count may be not ready, rounded down. Both zero is
 * refused (nothing could move); when a percentage makes both round to zero, {@code max-unavailable} is taken as 1
 * ({@code ResolveFenceposts}). Horizon's defaults, 25% surge and 0 unavailable, start a new instance and wait for it to
 * be ready before an old one drains, so the service never runs short and, with draining, fails no request;
 * Kubernetes' own defaults are 25% and 25%.
 *
 * <p>{@link #next} is one reconcile: it first scales the new revision up within the surge
 * ({@code NewRSNewReplicas}: {@code min(desired + surge - total, desired - new)}, or down to the desired count), then,
 * given that target, the old revision down within the unavailability ({@code reconcileOldReplicaSets}): at most
 * {@code total - minAvailable - newNotReady} instances go, not-ready old ones first ({@code cleanupUnhealthyReplicas}),
 * then ready old ones while the ready count stays at least {@code desired - max-unavailable}
 * ({@code scaleDownOldReplicaSetsForRollingUpdate}). The caller stops not-ready old instances before ready ones, as
 * the ReplicaSet controller deletes not-ready pods first, and calls again as instances become ready; the update is done
 * when the new revision has {@code desired} ready instances and the old one none. The progress deadline (default
 * 600s, Kubernetes' {@code progressDeadlineSeconds}) is the caller's to time.
 */
public final class RollingBudget {

    /** Horizon's default {@code max-surge}: 25%, as Kubernetes. */
    public static final Allowance DEFAULT_MAX_SURGE = Allowance.percentOf(25);
    /** Horizon's default {@code max-unavailable}: 0, so no request meets a missing instance (Kubernetes: 25%). */
    public static final Allowance DEFAULT_MAX_UNAVAILABLE = Allowance.count(0);

    private final Allowance maxSurge;
    private final Allowance maxUnavailable;

    /**
     * The instance counts of both revisions that one reconcile aims for.
     *
     * @param newInstances how many instances the new revision should have
     * @param oldInstances how many instances the old revision should keep
     */
    public record Targets(int newInstances, int oldInstances) {
    }

    /**
     * A budget of {@code maxSurge} extra instances and {@code maxUnavailable} missing ones.
     *
     * @throws IllegalArgumentException when both are zero
     */
    public RollingBudget(Allowance maxSurge, Allowance maxUnavailable) {
        if (maxSurge.isZero() && maxUnavailable.isZero()) {
            throw new IllegalArgumentException("max-surge: 0 with max-unavailable: 0 (expected: at least one above 0, "
                + "or no instance could be replaced)");
        }
        this.maxSurge = maxSurge;
        this.maxUnavailable = maxUnavailable;
    }

    /** Horizon's defaults: 25% surge, 0 unavailable. */
    public static RollingBudget defaults() {
        return new RollingBudget(DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE);
    }

    /** The extra instances allowed above {@code desired}: {@code max-surge} rounded up. */
    public int surge(int desired) {
        return maxSurge.of(desired, true);
    }

    /**
     * The instances allowed to be not ready below {@code desired}: {@code max-unavailable} rounded down, 1 when both
     * resolve to 0, and never more than {@code desired} (Kubernetes' {@code MaxUnavailable}).
     */
    public int unavailable(int desired) {
        int unavailable = maxUnavailable.of(desired, false);
        if (unavailable == 0 && maxSurge.of(desired, true) == 0) {
            unavailable = 1;
        }
        return Math.min(unavailable, Math.max(0, desired));
    }

    /**
     * One reconcile: the counts both revisions should have now.
     *
     * @param desired  the service's desired instance count
     * @param newReady the new revision's ready instances
     * @param newTotal the new revision's instances, ready or not
     * @param oldTotal the old revision's instances, ready or not
     * @param oldReady the old revision's ready instances
     */
    public Targets next(int desired, int newReady, int newTotal, int oldTotal, int oldReady) {
        if (desired < 0 || newReady < 0 || newReady > newTotal || oldReady < 0 || oldReady > oldTotal) {
            throw new IllegalArgumentException("counts: desired " + desired + ", new " + newReady + " ready of "
                + newTotal + ", old " + oldReady + " ready of " + oldTotal + " (expected: 0 <= ready <= total)");
        }
        int newTarget = newTarget(desired, newTotal, oldTotal);
        return new Targets(newTarget, oldTarget(desired, newReady, newTarget, oldTotal, oldReady));
    }

    private int newTarget(int desired, int newTotal, int oldTotal) {
        if (newTotal > desired) {
            return desired;
        }
        int room = desired + surge(desired) - (newTotal + oldTotal);
        return room <= 0 ? newTotal : newTotal + Math.min(room, desired - newTotal);
    }

    private int oldTarget(int desired, int newReady, int newTotal, int oldTotal, int oldReady) {
        if (oldTotal == 0) {
            return 0;
        }
        int minAvailable = desired - unavailable(desired);
        int newNotReady = Math.max(0, newTotal - newReady);
        int maxScaledDown = newTotal + oldTotal - minAvailable - newNotReady;
        if (maxScaledDown <= 0) {
            return oldTotal;
        }
        int cleanup = Math.min(maxScaledDown, oldTotal - oldReady);
        int old = oldTotal - cleanup;
        int scaleDown = Math.max(0, newReady + oldReady - minAvailable);
        return old - Math.min(old, scaleDown);
    }
}
