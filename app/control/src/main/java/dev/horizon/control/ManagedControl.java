package dev.horizon.control;

import dev.horizon.autoscale.Decision;
import dev.horizon.fleet.FleetStatus;
import java.util.Optional;

/**
 * What the admin API can see and do about one service whose instances Horizon runs: its instances, its desired
 * count, and its autoscaler's decisions.
 */
public interface ManagedControl {

    /**
     * Sets the desired instance count.
     *
     * @return a one-line report (says when the autoscaler will override the count)
     * @throws IllegalArgumentException when {@code instances} is outside the service's min..max; nothing changes
     */
    String scale(int instances);

    /**
     * Drains and stops one instance; the fleet starts a replacement when the count falls below the desired one.
     *
     * @return false when the service has no such instance
     */
    boolean drainInstance(String instanceId);

    /** The instances now, with the counts and the bounds. */
    ManagedInstances instances();

    /** The instances as the table {@code horizon status} prints (several lines, each ending in a newline). */
    String instancesTable();

    /** The autoscaler's decision log (empty without autoscaling). */
    ManagedDecisions decisions();

    /** The autoscaler's decision log in plain words. */
    String explain();

    /** The fleet's counts and instances now. */
    FleetStatus status();

    /** The autoscaler's latest decision that changed the count; empty without autoscaling or before one. */
    Optional<Decision> lastScaling();
}
