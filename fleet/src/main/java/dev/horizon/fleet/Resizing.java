package dev.horizon.fleet;

import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A fleet's size and the replacement under way: carries out {@link Fleet#resize} (in place through
 * {@link InPlaceResize}, else by a {@link Rollout}) and steps the rollout. Touched only on the fleet's thread; the
 * {@link Reconciler} creates the instances it asks for and stops those it names.
 *
 * <p>Implementation notes. A resize that arrives while a rollout runs takes its place, as a Deployment whose template
 * changes mid-rollout makes the newest ReplicaSet the target and scales the intermediate one down. The old rollout's
 * new instance (not in service yet) is kept by the new rollout when it has the new size (it has not
 * launched yet, so it launches at it), else stopped at once: left alone it would count as active on top of the
 * desired count, and the new rollout, knowing nothing of it, would wait for ever for room to surge. Instances the old
 * rollout already replaced have its size, so the new plan replaces or resizes them like any other instance not at the
 * new size. The same resize again is a no-op that says so. A resize of one named instance waits for the rollout to
 * end: it would otherwise have to merge two queues with different sizes.
 *
 * <p>The rollout's {@link Rollout.Mode} comes from the policy: {@link ResizePolicy#RESTART} stops each instance first,
 * as a cloud VM is stopped to change type ({@code maxSurge: 0, maxUnavailable: 1}); a memory cut under
 * {@link ResizePolicy#IN_PLACE} surges first ({@code maxSurge: 1, maxUnavailable: 0}), so it never lowers the ready
 * count. A new resize that takes the place of a stopping-first rollout also takes over the place it stopped an
 * instance for and has not filled yet, and fills it first: else two instances would be down at once.
 */
final class Resizing {

    private final FleetSpec spec;
    private final Limits limits;
    /** The size new instances launch with. */
    private Resources size;
    /** The replacement of instances one at a time under way, or null. */
    private @Nullable Rollout rollout;

    Resizing(FleetSpec spec, Limits limits) {
        this.spec = spec;
        this.limits = limits;
        this.size = spec.resources();
    }

    /** The size new instances launch with: the spec's, or the last resize of the whole fleet. */
    Resources size() {
        return size;
    }

    /**
     * Resizes {@code targets} (every active instance, or the one named by {@code instanceId}) to {@code to};
     * {@code active} is the fleet's count of active instances (for the words), {@code stop} drains and stops an
     * instance with a reason.
     *
     * @throws IllegalStateException when one instance is named while a rollout runs
     */
    Resize resize(Resources to, @Nullable String instanceId, List<Instance> targets, int active,
                  BiConsumer<Instance, String> stop) {
        Rollout running = rollout;
        if (running != null && instanceId != null) {
            throw new IllegalStateException(spec.service() + ": " + running.describe() + "; resize " + instanceId
                + " once it is done, or resize the whole service");
        }
        if (running != null && running.template().equals(to)) {
            return new Resize(spec.service(), size, to, List.of(), List.of(), spec.service()
                + ": already replacing for that size, " + to + " (" + running.describe() + ")");
        }
        String freshId = running == null ? null : running.newInstance();
        String vacated = running == null ? null : running.vacated();
        Instance fresh = targets.stream().filter(i -> i.id.equals(freshId)).findFirst().orElse(null);
        List<Instance> others = targets.stream().filter(i -> i != fresh).toList();
        Resources from = instanceId == null ? size : targets.getFirst().size;
        Resize plan = InPlaceResize.apply(spec, limits, from, to, others, active);
        if (instanceId == null) {
            size = to;
        }
        Rollout.Mode mode = spec.resizePolicy() == ResizePolicy.RESTART ? Rollout.Mode.STOP_FIRST
            : Rollout.Mode.SURGE_FIRST;
        rollout = plan.replaced().isEmpty() && vacated == null ? null
            : new Rollout("resize", mode, to, plan.replaced(), vacated);
        if (fresh == null) {
            return plan;
        }
        Rollout next = rollout;
        if (next != null && fresh.handle == null) {
            fresh.size = to; // not launched yet: it launches at the new size, as the new rollout's
            next.claim(fresh.id);
            return plan;
        }
        stop.accept(fresh, "launched for the resize to " + fresh.size + ", stopped for the resize to " + to);
        return new Resize(plan.service(), plan.from(), plan.to(), plan.inPlace(), plan.replaced(), plan.text()
            + "; " + fresh.id + ", new for the replacement under way at " + fresh.size + ", is stopped");
    }

    /**
     * One step of the rollout, given the live instances: stops the old instance whose turn has come;
     * returns the rollout's summary when it ends, else {@code null}.
     */
    @Nullable String roll(List<Instance> live, BiConsumer<Instance, String> stop) {
        Rollout r = rollout;
        if (r == null) {
            return null;
        }
        Map<String, InstanceState> states = live.stream().collect(Collectors.toMap(i -> i.id, i -> i.state));
        String old = r.next(states);
        if (old != null) {
            stop.accept(live.stream().filter(i -> i.id.equals(old)).findFirst().orElseThrow(), r.replacedReason());
        }
        if (!r.finished()) {
            return null;
        }
        rollout = null;
        return r.summary();
    }

    /** What the rollout adds to the desired count now ({@link Rollout#offset()}): +1, −1 or 0. */
    int offset() {
        Rollout r = rollout;
        return r == null ? 0 : r.offset();
    }

    /** The size the next new instance launches with: the rollout's when it wants one, else the fleet's. */
    Resources nextSize() {
        Rollout r = rollout;
        return r != null && r.wantsNew() ? r.template() : size;
    }

    /** Hands the new instance to the rollout when it wants one; returns the instance's reason then, else null. */
    @Nullable String claim(String instanceId) {
        Rollout r = rollout;
        if (r == null || !r.wantsNew()) {
            return null;
        }
        r.claim(instanceId);
        return Objects.requireNonNullElse(r.detail(instanceId), "replacement");
    }

    /** Whether scale-in must spare {@code instanceId}: the rollout's new instance. */
    boolean isNew(String instanceId) {
        Rollout r = rollout;
        return r != null && r.isNew(instanceId);
    }

    /** The rollout now ({@link FleetStatus#replacing()}), or {@code null} when none runs. */
    @Nullable String replacing() {
        Rollout r = rollout;
        return r == null ? null : r.describe();
    }

    /** This instance's part in the rollout, or {@code null}. */
    @Nullable String detail(String instanceId) {
        Rollout r = rollout;
        return r == null ? null : r.detail(instanceId);
    }

    /** Ends the rollout without a word (the fleet is closing). */
    void cancel() {
        rollout = null;
    }
}
