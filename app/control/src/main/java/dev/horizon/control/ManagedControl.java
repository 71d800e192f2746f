package dev.horizon.control;

import dev.horizon.autoscale.Decision;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
     * Resizes the service's instances (or the one called {@code instance}): CPU in place, memory in place when it
     * grows, else by replacing the instances one at a time; {@code instances.resize-policy: restart} always replaces.
     * Instances launched later get the new size (unless only one instance was resized).
     *
     * @param cpu      the new CPU, or null to keep it
     * @param memory   the new memory, or null to keep it
     * @return what happens, in plain words (in place, or replaced one at a time and why)
     * @throws IllegalArgumentException when the size is over this machine, or there is no such instance; nothing
     *                                  changes
     * @throws IllegalStateException    when the service cannot be resized now (it is stopping)
     */
    String resize(@Nullable Cpu cpu, @Nullable Memory memory, @Nullable String instance);

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

    /** The autoscaler's latest decision that changed the count or the size; empty without autoscaling or before one. */
    Optional<Decision> lastScaling();
}
