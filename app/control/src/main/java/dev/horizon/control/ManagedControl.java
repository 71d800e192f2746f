package dev.horizon.control;

import dev.horizon.autoscale.Decision;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import java.util.List;
import java.util.Map;
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

    /**
     * The autoscaler's decisions that changed the count or the size, oldest first, as far back as its decision log
     * reaches; empty without autoscaling.
     */
    default List<DecisionNote> scalings() {
        return lastScaling().stream().map(DecisionNote::of).toList();
    }

    /**
     * The fleet second by second from {@code fromEpochSecond} through {@code toEpochSecond}, as far back as the last
     * {@value FleetRecording#SECONDS} seconds; empty when nothing records it.
     */
    default List<FleetRecording.Second> recording(long fromEpochSecond, long toEpochSecond) {
        return List.of();
    }

    /**
     * The data tier the instances publish on their {@code /metrics} (replicas, caches), summed; {@link DataTier#NONE}
     * when they publish none or nothing reads them.
     */
    default DataTier dataTier() {
        return DataTier.NONE;
    }

    /**
     * {@code horizon deploy}: a new revision from the serving one, with {@code command} (null: the same) and
     * {@code env} added, rolled out with {@code strategy} ({@code rolling}, {@code blue-green}, {@code canary}; null:
     * the service's {@code deploy.strategy}).
     *
     * @return what starts, in words
     * @throws IllegalArgumentException when nothing differs from the serving revision, or the strategy is unknown
     * @throws IllegalStateException    when a rollout is under way
     */
    String deploy(@Nullable List<String> command, Map<String, String> env, @Nullable String strategy);

    /** The rollout under way or the last one, or null when the service was never deployed. */
    @Nullable RolloutRecord rollout();

    /** {@code horizon rollout status} in plain words (several lines, each ending in a newline). */
    String rolloutText();

    /**
     * On to the next step of the rollout ({@code full}: all the way); a paused rollout resumes; blue-green switches.
     *
     * @throws IllegalStateException when no rollout can be promoted now (the message says why)
     */
    String promote(boolean full);

    /**
     * Stops the rollout under way: every request to the stable revision at once, the new one drained.
     *
     * @throws IllegalStateException when none is under way
     */
    String abort();

    /**
     * Back to the revision before: stops the rollout under way, switches a blue-green one back within its delay, or
     * rolls out the revision that served before the last promotion.
     *
     * @throws IllegalStateException when there is nothing to go back to
     */
    String undo();
}
