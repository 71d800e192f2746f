package dev.horizon.fleet;

import dev.horizon.fleet.internal.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The instances of one service: launches them through a {@link Provider}, admits each to the pool through
 * {@link Membership} once its readiness probe has passed, keeps as many active as desired, replaces the ones that
 * fail, and drains every instance before stopping it.
 *
 * <p>Contract:
 * <ul>
 *   <li>Life cycle: see {@link InstanceState}. An instance joins the pool after {@link Probe#rise()} passes in a row,
 *       is {@code WARMING} for {@link FleetSpec#warmup()} and then {@code IN_SERVICE}; one not ready within
 *       {@link FleetSpec#startTimeout()} is stopped and replaced.
 *   <li>Stopping an instance in the pool: {@link Membership#drain}, wait until {@link Membership#inFlight} is 0 or
 *       {@link FleetSpec#drainTimeout()} has passed, {@link Membership#leave}, {@link Handle#terminate()}, and
 *       {@link Handle#kill()} if it still runs at the later of the drain deadline and {@link FleetSpec#killGrace()}
 *       after the terminate. An instance not in the pool is terminated at once.
 *   <li>Replacement: an instance that exits by itself, or that stays unhealthy ({@link Membership#healthy}) for
 *       {@link FleetSpec#unhealthyGrace()}, fails and is replaced. Failures in a row delay the next start
 *       ({@link RestartBackoff}), and while they last the fleet starts one instance at a time.
 *   <li>The desired count starts at {@code min}; {@link #setDesired} clamps to {@code min..max}. Scale-in stops
 *       instances in the order {@link #setDesired} documents.
 *   <li>Threading: one platform thread per fleet ({@code horizon-fleet-SERVICE}) runs every decision, all calls to
 *       {@link Membership}, {@link Provider#launch} and the {@link FleetListener}; readiness probes run on virtual
 *       threads. Public methods are thread-safe and wait for the fleet's thread; time comes from the injected
 *       nanosecond clock, checked every {@code tick} and at every event.
 * </ul>
 */
public final class Fleet implements AutoCloseable {

    /** How often the fleet checks its instances when nothing happens. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(100);

    /** Instances that ended, kept in {@link #status()} for reporting. */
    static final int ENDED_KEPT = 10;

    private static final System.Logger LOG = System.getLogger(Fleet.class.getName());
    private static final long CPU_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private final FleetSpec spec;
    private final Provider provider;
    private final Membership membership;
    private final FleetListener listener;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor loop;
    private final Object closeLock = new Object();
    private volatile @Nullable Thread loopThread;
    private volatile @Nullable FleetStatus finalStatus;
    private final CompletableFuture<@Nullable Void> drained = new CompletableFuture<>();

    // Everything below is touched only on the fleet's thread.
    private final List<Instance> live = new ArrayList<>();
    private final Deque<Instance> ended = new ArrayDeque<>();
    private int desired;
    private long created;
    private long launches;
    private int restarts;
    private int failuresInRow;
    private long launchesAtLastFailure;
    private long notBefore;
    private String lastFailure = "";
    private @Nullable Exit lastFailureExit;
    private boolean closing;

    private Fleet(FleetSpec spec, Provider provider, Membership membership, FleetListener listener,
                  LongSupplier clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.desired = spec.min();
        this.loop = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = Thread.ofPlatform().name("horizon-fleet-" + spec.service()).daemon(true).unstarted(task);
            loopThread = t;
            return t;
        });
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Starts a fleet with {@code min} instances, no listener, the system nano clock and {@link #DEFAULT_TICK}. */
    public static Fleet start(FleetSpec spec, Provider provider, Membership membership) {
        return start(spec, provider, membership, FleetListener.NONE);
    }

    /** Starts a fleet with {@code min} instances that reports every transition to {@code listener}. */
    public static Fleet start(FleetSpec spec, Provider provider, Membership membership, FleetListener listener) {
        return start(spec, provider, membership, listener, System::nanoTime, DEFAULT_TICK);
    }

    /**
     * Starts a fleet with {@code min} instances on the given clock: every duration in the spec is measured on
     * {@code nanoClock}, which the fleet reads every {@code tick} of real time and at every event (tests pass a
     * manual clock to make timeouts, warm-up and backoff exact).
     */
    public static Fleet start(FleetSpec spec, Provider provider, Membership membership, FleetListener listener,
                              LongSupplier nanoClock, Duration tick) {
        FleetSpec.requirePositive("tick", tick);
        Fleet fleet = new Fleet(spec, provider, membership, listener, nanoClock);
        fleet.loop.scheduleWithFixedDelay(fleet.guarded(fleet::tick), 0, tick.toNanos(), TimeUnit.NANOSECONDS);
        return fleet;
    }

    /** The service this fleet runs. */
    public String service() {
        return spec.service();
    }

    /** The spec it runs. */
    public FleetSpec spec() {
        return spec;
    }

    /**
     * Sets how many instances should be active (pending, starting, warming or in service), clamped here to
     * {@code min..max}, and acts on it at once; returns the count in effect.
     *
     * <p>Scale-out creates instances that launch right away (unless a crash-loop backoff holds them). Scale-in picks
     * its victims in this order: instances not yet in service ({@code PENDING}, {@code STARTING}, {@code WARMING}),
     * newest first; then instances in service with the fewest requests in flight, ties to the newest. Each victim is
     * drained and only then stopped.
     *
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public int setDesired(int count) {
        return call(() -> {
            requireOpen();
            desired = Math.clamp(count, spec.min(), spec.max());
            tick();
            return desired;
        });
    }

    /** The desired count in effect. */
    public int desired() {
        FleetStatus last = finalStatus;
        return last != null ? last.desired() : call(() -> desired);
    }

    /**
     * Drains and stops one instance (an operator's drain); the fleet then starts a replacement if the active count
     * fell below the desired count. Does nothing for an instance already draining or ended.
     *
     * @throws IllegalArgumentException when the fleet has no such instance
     * @throws IllegalStateException    once {@link #close()} has begun
     */
    public void drain(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        call(() -> {
            requireOpen();
            Instance instance = live.stream().filter(i -> i.id.equals(instanceId)).findFirst().orElse(null);
            if (instance == null) {
                if (ended.stream().anyMatch(i -> i.id.equals(instanceId))) {
                    return null;
                }
                throw new IllegalArgumentException("no instance '" + instanceId + "' in service " + spec.service()
                    + " (instances: " + String.join(", ", live.stream().map(i -> i.id).toList()) + ")");
            }
            if (instance.state != InstanceState.DRAINING) {
                stop(instance, clock.getAsLong(), false, "drained by operator");
                tick();
            }
            return null;
        });
    }

    /** Every live instance, oldest first, then the last few ended ones, most recent first. */
    public List<InstanceStatus> instances() {
        return status().instances();
    }

    /** The fleet now; after {@link #close()}, the fleet as it was when closing finished. */
    public FleetStatus status() {
        FleetStatus last = finalStatus;
        return last != null ? last : call(this::snapshot);
    }

    /**
     * Drains and stops every instance, waits for them to end (at most {@code drain-timeout} + {@code kill-grace} +
     * 5 s, then kills what is left) and stops the fleet's thread. Idempotent. Does not close the provider.
     *
     * @throws IllegalStateException when called on the fleet's own thread (from a {@link FleetListener})
     */
    @Override
    public void close() {
        if (Thread.currentThread() == loopThread) {
            throw new IllegalStateException("Fleet.close() called on the fleet's own thread (from a listener?)");
        }
        synchronized (closeLock) {
            if (finalStatus != null) {
                return;
            }
            call(() -> {
                long now = clock.getAsLong();
                closing = true;
                for (Instance i : List.copyOf(live)) {
                    if (i.state != InstanceState.DRAINING) {
                        stop(i, now, false, "fleet closing");
                    }
                }
                tick();
                return null;
            });
            Duration wait = spec.drainTimeout().plus(spec.killGrace()).plus(CLOSE_MARGIN);
            if (!await(drained, wait)) {
                call(() -> {
                    live.stream().map(i -> i.handle).filter(Objects::nonNull).forEach(Handle::kill);
                    return null;
                });
                await(drained, CLOSE_MARGIN);
            }
            finalStatus = call(this::snapshot);
            loop.shutdownNow();
            try {
                loop.awaitTermination(CLOSE_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs one round of decisions now, on the fleet's thread (tests use it with a manual clock). */
    void reconcileNow() {
        call(() -> {
            tick();
            return null;
        });
    }

    // ---- the fleet's thread -------------------------------------------------------------------------------------

    private void tick() {
        long now = clock.getAsLong();
        for (Instance i : List.copyOf(live)) {
            advance(i, now);
        }
        endCrashLoop(now);
        if (!closing) {
            scale(now);
            launchPending(now);
            scale(now); // replaces at once the instances whose launch just failed; backoff holds their start
        }
        sampleCpu(now);
        if (closing && live.isEmpty()) {
            drained.complete(null);
        }
    }

    private void advance(Instance i, long now) {
        switch (i.state) {
            case STARTING -> {
                if (now - i.launchedAt >= spec.startTimeout().toNanos()) {
                    stop(i, now, true, "not ready within " + Durations.text(spec.startTimeout())
                        + (i.lastProbeFailure == null ? "" : " (last probe: " + i.lastProbeFailure + ")"));
                } else if (!i.probing && now - i.nextProbeAt >= 0) {
                    probe(i, now);
                }
            }
            case WARMING, IN_SERVICE -> {
                if (watchHealth(i, now) && i.state == InstanceState.WARMING
                    && now - i.joinedAt >= spec.warmup().toNanos()) {
                    move(i, InstanceState.IN_SERVICE, now, "warmed up for " + Durations.text(spec.warmup()));
                }
            }
            case DRAINING -> advanceStop(i, now);
            default -> {
                // PENDING waits in launchPending(); STOPPED and FAILED are no longer live
            }
        }
    }

    /** False when the instance has been unhealthy too long and is now being stopped. */
    private boolean watchHealth(Instance i, long now) {
        if (membership.healthy(i.id)) {
            i.unhealthy = false;
            return true;
        }
        if (!i.unhealthy) {
            i.unhealthy = true;
            i.unhealthySince = now;
        }
        if (now - i.unhealthySince >= spec.unhealthyGrace().toNanos()) {
            stop(i, now, true, "unhealthy for " + Durations.text(spec.unhealthyGrace()));
            return false;
        }
        return true;
    }

    private void probe(Instance i, long now) {
        Handle handle = Objects.requireNonNull(i.handle);
        i.probing = true;
        i.nextProbeAt = now + spec.readiness().interval().toNanos();
        String address = handle.address();
        Thread.ofVirtual().name("horizon-probe-" + i.id).start(() -> {
            String failure = ReadinessProbe.failure(spec.readiness(), address);
            post(() -> probed(i, failure));
        });
    }

    private void probed(Instance i, @Nullable String failure) {
        i.probing = false;
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
            recordFailure(now, i.id + " " + reason, null);
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
            recordFailure(now, i.id + " " + exit.cause(), exit);
            move(i, InstanceState.FAILED, now, exit.cause() + "; " + nextStart(now));
        }
        retire(i);
        tick();
    }

    private void recordFailure(long now, String description, @Nullable Exit exit) {
        failuresInRow++;
        restarts++;
        launchesAtLastFailure = launches;
        lastFailure = description;
        lastFailureExit = exit;
        notBefore = now + spec.backoff().delayAfter(failuresInRow).toNanos();
    }

    private String nextStart(long now) {
        return "crash loop: next start in " + Durations.text(Duration.ofNanos(Math.max(0, notBefore - now)));
    }

    private void endCrashLoop(long now) {
        if (failuresInRow == 0) {
            return;
        }
        long resetAfter = spec.backoff().resetAfter().toNanos();
        for (Instance i : live) {
            if (i.state == InstanceState.IN_SERVICE && i.launchNumber > launchesAtLastFailure
                && now - i.stateSince >= resetAfter) {
                failuresInRow = 0;
                lastFailureExit = null;
                return;
            }
        }
    }

    private void scale(long now) {
        List<Instance> active = live.stream().filter(i -> i.state.active()).toList();
        for (int n = active.size(); n < desired; n++) {
            Instance i = new Instance(spec.service() + "-" + ++created, created, now);
            live.add(i);
            i.reason = "desired " + desired + ", active " + n;
            notifyListener(new Transition(spec.service(), i.id, null, InstanceState.PENDING, i.reason, now));
        }
        if (active.size() > desired) {
            List<ScaleIn.Candidate> candidates = active.stream()
                .map(i -> new ScaleIn.Candidate(i.id, i.sequence, i.state, i.inPool() ? membership.inFlight(i.id) : 0))
                .toList();
            for (ScaleIn.Candidate victim : ScaleIn.victims(candidates, active.size() - desired)) {
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
            if (failuresInRow > 0 && (now - notBefore < 0 || starting() != null)) {
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
            handle = provider.launch(new LaunchRequest(spec.service(), i.id, spec.command(), spec.env()));
        } catch (IOException | RuntimeException e) {
            String cause = "launch failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            i.exit = Exit.withoutStatus(cause);
            recordFailure(now, i.id + " " + cause, null);
            move(i, InstanceState.FAILED, now, cause + "; " + nextStart(now));
            retire(i);
            return;
        }
        i.handle = handle;
        i.launchedAt = now;
        i.launchNumber = ++launches;
        i.nextProbeAt = now;
        move(i, InstanceState.STARTING, now, "launched at " + handle.address());
        handle.onExit().whenComplete((exit, error) -> post(() -> exited(i,
            exit != null ? exit : Exit.withoutStatus("ended, exit unknown: " + error))));
    }

    private void sampleCpu(long now) {
        for (Instance i : live) {
            Handle handle = i.handle;
            if (handle == null || (i.cpuSampleNanos >= 0 && now - i.cpuSampleAt < CPU_WINDOW_NANOS)) {
                continue;
            }
            OptionalLong cpu = handle.cpuTimeNanos();
            if (cpu.isEmpty()) {
                continue;
            }
            if (i.cpuSampleNanos >= 0 && now - i.cpuSampleAt > 0) {
                i.cpuMillicores = Math.max(0, (cpu.getAsLong() - i.cpuSampleNanos) * 1000 / (now - i.cpuSampleAt));
            }
            i.cpuSampleNanos = cpu.getAsLong();
            i.cpuSampleAt = now;
        }
    }

    private void move(Instance i, InstanceState to, long now, String reason) {
        InstanceState from = i.state;
        i.state = to;
        i.stateSince = now;
        i.reason = reason;
        notifyListener(new Transition(spec.service(), i.id, from, to, reason, now));
    }

    private void retire(Instance i) {
        live.remove(i);
        ended.addFirst(i);
        while (ended.size() > ENDED_KEPT) {
            ended.removeLast();
        }
    }

    private void notifyListener(Transition transition) {
        try {
            listener.onTransition(transition);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fleet listener failed on " + transition, e);
        }
    }

    private FleetStatus snapshot() {
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
        CrashLoop crashLoop = failuresInRow == 0 ? null : new CrashLoop(failuresInRow,
            spec.backoff().delayAfter(failuresInRow), Duration.ofNanos(Math.max(0, notBefore - now)), lastFailure,
            lastFailureExit);
        return new FleetStatus(spec.service(), desired, counts[InstanceState.IN_SERVICE.ordinal()],
            counts[InstanceState.WARMING.ordinal()],
            counts[InstanceState.PENDING.ordinal()] + counts[InstanceState.STARTING.ordinal()],
            counts[InstanceState.DRAINING.ordinal()], restarts, crashLoop, all);
    }

    private InstanceStatus status(Instance i, long now) {
        return new InstanceStatus(i.id, i.state, i.address(), Duration.ofNanos(now - i.createdAt),
            Duration.ofNanos(now - i.stateSince), i.exit, i.inPool() ? membership.inFlight(i.id) : 0,
            i.cpuMillicores < 0 ? OptionalLong.empty() : OptionalLong.of(i.cpuMillicores), detail(i, now));
    }

    private String detail(Instance i, long now) {
        return switch (i.state) {
            case PENDING -> {
                Instance other = starting();
                if (failuresInRow > 0 && now - notBefore < 0) {
                    yield nextStart(now);
                }
                yield failuresInRow > 0 && other != null
                    ? "crash loop: one start at a time, waiting for " + other.id : "launching";
            }
            case STARTING -> "readiness " + i.passes + "/" + spec.readiness().rise()
                + (i.lastProbeFailure == null ? "" : ": " + i.lastProbeFailure)
                + "; start timeout in " + left(i.launchedAt + spec.startTimeout().toNanos(), now);
            case WARMING -> "warming up: " + left(i.joinedAt + spec.warmup().toNanos(), now) + " left";
            case IN_SERVICE -> i.unhealthy ? "unhealthy for " + Durations.text(Duration.ofNanos(now - i.unhealthySince))
                : "";
            case DRAINING -> i.reason + ": " + (i.killed ? "killed"
                : i.terminated ? "terminated, kill in " + left(i.killAt, now)
                : membership.inFlight(i.id) + " in flight, drain timeout in " + left(i.drainDeadline, now));
            case STOPPED, FAILED -> i.reason;
        };
    }

    private static String left(long deadline, long now) {
        return Durations.text(Duration.ofNanos(Math.max(0, deadline - now)));
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private void requireOpen() {
        if (closing) {
            throw new IllegalStateException("fleet " + spec.service() + " is closing");
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "fleet " + spec.service() + ": " + e, e);
            }
        };
    }

    private void post(Runnable task) {
        try {
            loop.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // the fleet has closed; its instances have ended
        }
    }

    private <T> T call(Supplier<T> task) {
        if (Thread.currentThread() == loopThread) {
            return task.get();
        }
        FutureTask<T> future = new FutureTask<>(task::get);
        try {
            loop.execute(future);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("fleet " + spec.service() + " is closed", e);
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for fleet " + spec.service(), e);
        }
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
