package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A fleet's decisions: the state of every instance and what to do next. Single-threaded: {@link Fleet} runs every
 * method on its thread, and events from other threads (probe results, exits) come back through {@code events}, an
 * executor that runs them on that thread. Time comes only from the injected clock.
 */
final class Reconciler {

    /** Instances that ended, kept in {@link FleetStatus} for reporting. */
    static final int ENDED_KEPT = 10;

    private static final long CPU_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final FleetSpec spec;
    private final Provider provider;
    private final Membership membership;
    private final FleetListener listener;
    private final LongSupplier clock;
    private final Executor events;
    private final Failures failures;
    private final InstanceDetail details;
    private final CompletableFuture<@Nullable Void> drained = new CompletableFuture<>();

    private final List<Instance> live = new ArrayList<>();
    private final Deque<Instance> ended = new ArrayDeque<>();
    private int desired;
    private long created;
    private long launches;
    private boolean closing;
    /** Replacements for instances stopped for failing health that are still to be created. */
    private int replacementsDue;
    private final ReplacementPause pause = new ReplacementPause();
    private final Resizing resizing;

    Reconciler(FleetSpec spec, Provider provider, Membership membership, FleetListener listener, LongSupplier clock,
               Executor events) {
        this.spec = spec;
        this.provider = provider;
        this.membership = membership;
        this.listener = new GuardedListener(listener);
        this.clock = clock;
        this.events = events;
        this.failures = new Failures(spec.backoff());
        this.details = new InstanceDetail(spec, membership, failures);
        this.desired = spec.min();
        this.resizing = new Resizing(spec, provider.limits());
    }

    /** Sets the desired count, clamped to {@code min..max}, and acts on it; returns the count in effect. */
    int setDesired(int count) {
        requireOpen();
        desired = Math.clamp(count, spec.min(), spec.max());
        tick();
        return desired;
    }

    int desired() {
        return desired;
    }

    /** Drains and stops one instance; see {@link Fleet#drain}. */
    void drain(String instanceId) {
        requireOpen();
        Instance instance = find(instanceId).orElse(null);
        if (instance == null) {
            if (ended.stream().noneMatch(i -> i.id.equals(instanceId))) {
                throw unknown(instanceId);
            }
            return;
        }
        if (instance.state != InstanceState.DRAINING) {
            stop(instance, clock.getAsLong(), false, "drained by operator");
            tick();
        }
    }

    /** Resizes every active instance, or the one named, to {@code to}; see {@link Fleet#resize}, {@link Resizing}. */
    Resize resize(Resources to, @Nullable String instanceId) {
        requireOpen();
        List<Instance> targets = instanceId == null ? live.stream().filter(i -> i.state.active()).toList()
            : List.of(find(instanceId).filter(i -> i.state.active()).orElseThrow(() -> unknown(instanceId)));
        Resize plan = resizing.resize(to, instanceId, targets, (int) live.stream().filter(i -> i.state.active())
            .count(), this::stopForResize);
        listener.onNotice(spec.service(), plan.text());
        tick();
        return plan;
    }

    private void stopForResize(Instance i, String reason) {
        stop(i, clock.getAsLong(), false, reason);
    }

    private Optional<Instance> find(String instanceId) {
        return live.stream().filter(i -> i.id.equals(instanceId)).findFirst();
    }

    private IllegalArgumentException unknown(String instanceId) {
        return new IllegalArgumentException("no instance '" + instanceId + "' in service " + spec.service()
            + " (instances: " + String.join(", ", live.stream().filter(i -> i.state.active()).map(i -> i.id)
            .toList()) + ")");
    }

    /** Begins closing: stops every instance and creates no more; {@link #drained()} completes when all have ended. */
    void close() {
        long now = clock.getAsLong();
        closing = true;
        resizing.cancel();
        for (Instance i : List.copyOf(live)) {
            if (i.state != InstanceState.DRAINING) {
                stop(i, now, false, "fleet closing");
            }
        }
        tick();
    }

    /** Completes once {@link #close()} has begun and every instance has ended. */
    CompletableFuture<@Nullable Void> drained() {
        return drained;
    }

    /** Kills every instance still running (closing took too long). */
    void killAll() {
        live.stream().map(i -> i.handle).filter(Objects::nonNull).forEach(Handle::kill);
    }

    private void requireOpen() {
        if (closing) {
            throw new IllegalStateException("fleet " + spec.service() + " is closing");
        }
    }

    /** One round of decisions: advances every instance, then scales and launches. */
    void tick() {
        long now = clock.getAsLong();
        String pauseChange = pause.update(live, membership, spec.unhealthyGrace().toNanos(), now, closing);
        if (pauseChange != null) {
            listener.onNotice(spec.service(), pauseChange);
        }
        for (Instance i : List.copyOf(live)) {
            advance(i, now);
        }
        endCrashLoop(now);
        if (!closing) {
            roll();
            scale(now);
            launchPending(now);
            scale(now); // replaces at once the instances whose launch just failed; backoff holds their start
        }
        live.forEach(i -> i.sample(now, CPU_WINDOW_NANOS));
        if (closing && live.isEmpty()) {
            drained.complete(null);
        }
    }

    private void advance(Instance i, long now) {
        switch (i.state) {
            case STARTING -> {
                if (now - i.launchedAt >= spec.startTimeout().toNanos()) {
                    stop(i, now, true, "not ready within " + DurationText.rounded(spec.startTimeout())
                        + (i.lastProbeFailure == null ? "" : " (last probe: " + i.lastProbeFailure + ")"));
                } else if (!i.probing && now - i.nextProbeAt >= 0) {
                    probe(i, now);
                }
            }
            case WARMING, IN_SERVICE -> {
                if (watchHealth(i, now) && i.state == InstanceState.WARMING
                    && now - i.joinedAt >= spec.warmup().toNanos()) {
                    move(i, InstanceState.IN_SERVICE, now, "warmed up for " + DurationText.rounded(spec.warmup()));
                }
            }
            case DRAINING -> advanceStop(i, now);
            default -> {
                // PENDING waits in launchPending(); STOPPED and FAILED are no longer live
            }
        }
    }

    /**
     * False when the instance has been unhealthy too long and is now being stopped. While it is unhealthy the fleet
     * probes it itself, to learn how it fails; it is replaced after {@code unhealthy-grace} unless replacement is
     * paused or {@code max-unhealthy-replacements} are already under way.
     */
    private boolean watchHealth(Instance i, long now) {
        if (membership.healthy(i.id)) {
            i.unhealthy = false;
            i.healthFailure = null;
            return true;
        }
        if (!i.unhealthy) {
            i.unhealthy = true;
            i.unhealthySince = now;
            i.healthFailure = null;
            i.nextProbeAt = now;
        }
        if (!i.probing && now - i.nextProbeAt >= 0) {
            probe(i, now);
        }
        if (now - i.unhealthySince >= spec.unhealthyGrace().toNanos() && pause.reason() == null
            && replacing() < replacementLimit()) {
            stop(i, now, true, "unhealthy for " + DurationText.rounded(spec.unhealthyGrace()));
            replacementsDue++;
            return false;
        }
        return true;
    }

    /** Replacements under way: created and not yet in the pool, or still to be created. */
    private int replacing() {
        return replacementsDue + (int) live.stream().filter(i -> i.replacement && !i.joined).count();
    }

    private int replacementLimit() {
        return spec.maxUnhealthyReplacements().of(desired);
    }

    private void probe(Instance i, long now) {
        Handle handle = Objects.requireNonNull(i.handle);
        i.probing = true;
        i.nextProbeAt = now + spec.readiness().interval().toNanos();
        String address = handle.address();
        Thread.ofVirtual().name("horizon-probe-" + i.id).start(() -> {
            String failure = ReadinessProbe.failure(spec.readiness(), address);
            events.execute(() -> probed(i, failure));
        });
    }

    private void probed(Instance i, @Nullable String failure) {
        i.probing = false;
        if (i.state == InstanceState.WARMING || i.state == InstanceState.IN_SERVICE) {
            if (i.unhealthy) {
                i.healthFailure = failure == null ? HealthReplacement.PROBE_PASSES : failure;
            }
            return;
        }
        if (i.state != InstanceState.STARTING) {
            return;
        }
        long now = clock.getAsLong();
        i.lastProbeFailure = failure;
        if (failure != null) {
            i.passes = 0;
            return;
        }
        i.passes++;
        if (i.passes >= spec.readiness().rise()) {
            membership.join(i.id, Objects.requireNonNull(i.address()));
            i.joined = true;
            i.joinedAt = now;
            move(i, InstanceState.WARMING, now, "ready after " + i.passes + (i.passes == 1 ? " probe" : " probes"));
            tick();
        }
    }

    private void stop(Instance i, long now, boolean failure, String reason) {
        if (i.state == InstanceState.PENDING) {
            move(i, InstanceState.STOPPED, now, reason);
            retire(i);
            return;
        }
        i.stopIsFailure = failure;
        if (failure) {
            failures.record(now, launches, i.id + " " + reason, null);
            passOnReplacement(i);
        }
        move(i, InstanceState.DRAINING, now, reason);
        if (i.inPool()) {
            membership.drain(i.id);
            i.drainDeadline = now + spec.drainTimeout().toNanos();
            advanceStop(i, now);
        } else {
            terminate(i, now);
        }
    }

    private void advanceStop(Instance i, long now) {
        Handle handle = Objects.requireNonNull(i.handle);
        if (!i.terminated) {
            if (i.inPool()) {
                if (now - i.drainDeadline < 0 && membership.inFlight(i.id) > 0) {
                    return;
                }
                leave(i);
            }
            terminate(i, now);
        } else if (!i.killed && now - i.killAt >= 0) {
            i.killed = true;
            handle.kill();
        }
    }

    private void terminate(Instance i, long now) {
        i.terminated = true;
        i.killAt = now + spec.killGrace().toNanos();
        if (i.joined && i.drainDeadline - i.killAt > 0) {
            i.killAt = i.drainDeadline;
        }
        Objects.requireNonNull(i.handle).terminate();
    }

    private void leave(Instance i) {
        i.left = true;
        membership.leave(i.id);
    }

    private void exited(Instance i, Exit exit) {
        if (i.state.terminal()) {
            return;
        }
        long now = clock.getAsLong();
        i.exit = exit;
        if (i.inPool()) {
            leave(i);
        }
        if (i.state == InstanceState.DRAINING) {
            move(i, i.stopIsFailure ? InstanceState.FAILED : InstanceState.STOPPED, now,
                i.reason + "; " + exit.cause());
        } else {
            failures.record(now, launches, i.id + " " + exit.cause(), exit);
            move(i, InstanceState.FAILED, now, exit.cause() + "; " + failures.nextStart(now));
        }
        retire(i);
        tick();
    }

    private void endCrashLoop(long now) {
        for (Instance i : live) {
            if (i.state == InstanceState.IN_SERVICE) {
                failures.served(i.launchNumber, now - i.stateSince);
            }
        }
    }

    /** Advances the rollout: drains the old instance whose turn has come; says when it ends. */
    private void roll() {
        String summary = resizing.roll(live, this::stopForResize);
        if (summary != null) {
            listener.onNotice(spec.service(), summary);
        }
    }

    private void scale(long now) {
        List<Instance> active = live.stream().filter(i -> i.state.active()).toList();
        int target = desired + resizing.offset();
        for (int n = active.size(); n < target; n++) {
            Instance i = new Instance(spec.instanceId(++created), created, now, resizing.nextSize());
            live.add(i);
            String part = resizing.claim(i.id);
            if (part == null && replacementsDue > 0) {
                replacementsDue--;
                i.replacement = true;
            }
            i.reason = part != null ? part : "desired " + desired + ", active " + n;
            listener.onTransition(new Transition(spec.service(), i.id, null, InstanceState.PENDING, i.reason, now));
        }
        replacementsDue = 0; // the desired count no longer needed them
        if (active.size() > target) {
            List<ScaleIn.Candidate> candidates = active.stream().filter(i -> !resizing.isNew(i.id))
                .map(i -> new ScaleIn.Candidate(i.id, i.sequence, i.state, i.inPool() ? membership.inFlight(i.id) : 0))
                .toList();
            for (ScaleIn.Candidate victim : ScaleIn.victims(candidates, active.size() - target)) {
                Instance i = active.stream().filter(a -> a.id.equals(victim.id())).findFirst().orElseThrow();
                stop(i, now, false, "scale-in to " + desired);
            }
        }
    }

    private void launchPending(long now) {
        for (Instance i : List.copyOf(live)) {
            if (i.state != InstanceState.PENDING) {
                continue;
            }
            if (failures.holdStarts(now, starting() != null)) {
                return;
            }
            launch(i, now);
        }
    }

    private @Nullable Instance starting() {
        return live.stream().filter(i -> i.state == InstanceState.STARTING).findFirst().orElse(null);
    }

    private void launch(Instance i, long now) {
        Handle handle;
        try {
            handle = provider.launch(new LaunchRequest(spec.service(), i.id, spec.command(), spec.env(), i.size));
        } catch (IOException | RuntimeException e) {
            String cause = "launch failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            i.exit = Exit.withoutStatus(cause);
            failures.record(now, launches, i.id + " " + cause, null);
            move(i, InstanceState.FAILED, now, cause + "; " + failures.nextStart(now));
            retire(i);
            return;
        }
        i.handle = handle;
        i.launchedAt = now;
        i.launchNumber = ++launches;
        i.nextProbeAt = now;
        move(i, InstanceState.STARTING, now, "launched at " + handle.address());
        handle.onExit().whenComplete((exit, error) -> events.execute(() -> exited(i,
            exit != null ? exit : Exit.withoutStatus("ended, exit unknown: " + error))));
    }

    private void move(Instance i, InstanceState to, long now, String reason) {
        InstanceState from = i.state;
        i.state = to;
        i.stateSince = now;
        i.reason = reason;
        listener.onTransition(new Transition(spec.service(), i.id, from, to, reason, now));
    }

    /** A replacement that failed before joining hands its slot to the instance that replaces it in turn. */
    private void passOnReplacement(Instance i) {
        if (i.replacement && !i.joined) {
            i.replacement = false;
            replacementsDue++;
        }
    }

    private void retire(Instance i) {
        if (i.state == InstanceState.FAILED) {
            passOnReplacement(i);
        }
        live.remove(i);
        ended.addFirst(i);
        while (ended.size() > ENDED_KEPT) {
            ended.removeLast();
        }
    }

    /** The fleet now. */
    FleetStatus snapshot() {
        long now = clock.getAsLong();
        List<InstanceStatus> all = new ArrayList<>();
        int[] counts = new int[InstanceState.values().length];
        for (Instance i : live) {
            counts[i.state.ordinal()]++;
            all.add(status(i, now));
        }
        for (Instance i : ended) {
            all.add(status(i, now));
        }
        return new FleetStatus(spec.service(), desired, counts[InstanceState.IN_SERVICE.ordinal()],
            counts[InstanceState.WARMING.ordinal()],
            counts[InstanceState.PENDING.ordinal()] + counts[InstanceState.STARTING.ordinal()],
            counts[InstanceState.DRAINING.ordinal()], failures.total(), failures.report(now), pause.reason(), all,
            resizing.size(), resizing.replacing());
    }

    private InstanceStatus status(Instance i, long now) {
        String own = details.of(i, now, starting(), pause.reason(), replacing(), replacementLimit());
        String part = resizing.detail(i.id);
        return details.status(i, now, part == null ? own : own.isEmpty() ? part : own + "; " + part);
    }
}
