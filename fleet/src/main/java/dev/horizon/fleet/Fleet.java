package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 *   <li>Sizes: every instance launches with {@link FleetSpec#resources()}, which the provider enforces;
 *       {@link #resize} changes it in place or by replacing the instances one at a time, as
 *       {@link FleetSpec#resizePolicy()} and what the instances use allow.
 *   <li>Threading: one platform thread per fleet ({@code horizon-fleet-SERVICE}) runs every decision, all calls to
 *       {@link Membership}, {@link Provider#launch} and the {@link FleetListener}; readiness probes run on virtual
 *       threads. Public methods are thread-safe and wait for the fleet's thread; time comes from the injected
 *       nanosecond clock, checked every {@code tick} and at every event.
 * </ul>
 */
public final class Fleet implements AutoCloseable {

    /** How often the fleet checks its instances when nothing happens. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(100);

    private static final System.Logger LOG = System.getLogger(Fleet.class.getName());
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private final FleetSpec spec;
    private final Provider provider;
    private final ScheduledThreadPoolExecutor loop;
    private final Reconciler reconciler;
    private final Object closeLock = new Object();
    private volatile @Nullable Thread loopThread;
    private volatile @Nullable FleetStatus finalStatus;

    private Fleet(FleetSpec spec, Provider provider, Membership membership, FleetListener listener,
                  LongSupplier clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.loop = new ScheduledThreadPoolExecutor(1, task -> {
            String name = "horizon-fleet-" + spec.service() + (spec.revision() == 1 ? "" : "-r" + spec.revision());
            Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(task);
            loopThread = t;
            return t;
        });
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.reconciler = new Reconciler(spec, Objects.requireNonNull(provider, "provider"),
            Objects.requireNonNull(membership, "membership"), Objects.requireNonNull(listener, "listener"),
            Objects.requireNonNull(clock, "clock"), this::post);
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
        requireFits(spec.service(), spec.resources(), provider);
        Fleet fleet = new Fleet(spec, provider, membership, listener, nanoClock);
        fleet.loop.scheduleWithFixedDelay(fleet.guarded(fleet.reconciler::tick), 0, tick.toNanos(),
            TimeUnit.NANOSECONDS);
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
        return call(() -> reconciler.setDesired(count));
    }

    /**
     * Gives every active instance — or only {@code instanceId} — the size {@code newSize}, and returns what it does, in
     * words too ({@link Resize#text()}, also told to the listener as a notice). Returns once the decision is made and
     * the in-place writes are done; replacements go on in the background and show in {@link FleetStatus#replacing()}.
     *
     * <ul>
     *   <li>{@link dev.horizon.sizing.ResizePolicy#IN_PLACE}: CPU changes in place (the same process, the new quota
     *       written), and so does memory when it grows. A memory cut below what an instance uses now, or below the max
     *       heap its JVM fixed at start, replaces the instances instead, as does a failed in-place write.
     *   <li>{@link dev.horizon.sizing.ResizePolicy#RESTART}: every resize replaces the instances.
     *   <li>Replacing is one at a time, surge first: a new instance at the new size is launched on top of the desired
     *       count, and once it is {@code IN_SERVICE} one old instance is drained and stopped; then the next. The ready
     *       count never falls below what it was. A new resize of the whole fleet takes the place of the one under
     *       way: its new instance is kept when it has the new size, else stopped at once, and instances already
     *       replaced are resized or replaced again like any other; the same size again is a no-op that says so
     *       ({@code already replacing for that size}).
     *   <li>Where the provider does not enforce limits ({@link #limits()}), the size is only recorded: nothing is
     *       replaced, as a restart would change nothing, and the words say so.
     *   <li>Without {@code instanceId} new instances launch at {@code newSize} from now on
     *       ({@link FleetStatus#size()}); with it, only that instance changes.
     * </ul>
     *
     * @throws IllegalArgumentException when {@code newSize} is more than the provider's {@link Provider#capacity()}
     *                                  (e.g. {@code shop: cpu 4000m is more than this machine's 2000m}), or there is no
     *                                  such running instance
     * @throws IllegalStateException    once {@link #close()} has begun, or when one instance is named while a
     *                                  replacement is under way
     */
    public Resize resize(Resources newSize, @Nullable String instanceId) {
        Objects.requireNonNull(newSize, "newSize");
        requireFits(spec.service(), newSize, provider);
        return call(() -> reconciler.resize(newSize, instanceId));
    }

    /** The size new instances launch with: the spec's, or the last resize of the whole fleet. */
    public Resources size() {
        return status().size();
    }

    /** Whether the provider enforces sizes, and how or why not ({@code limits not enforced: …}). */
    public Limits limits() {
        return provider.limits();
    }

    private static void requireFits(String service, Resources size, Provider provider) {
        List<String> over = size.over(provider.capacity(), "this machine's");
        if (!over.isEmpty()) {
            throw new IllegalArgumentException(service + ": " + String.join("; ", over));
        }
    }

    /** The desired count in effect. */
    public int desired() {
        FleetStatus last = finalStatus;
        return last != null ? last.desired() : call(reconciler::desired);
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
            reconciler.drain(instanceId);
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
        return last != null ? last : call(reconciler::snapshot);
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
                reconciler.close();
                return null;
            });
            if (!await(reconciler.drained(), spec.drainTimeout().plus(spec.killGrace()).plus(CLOSE_MARGIN))) {
                call(() -> {
                    reconciler.killAll();
                    return null;
                });
                await(reconciler.drained(), CLOSE_MARGIN);
            }
            finalStatus = call(reconciler::snapshot);
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
            reconciler.tick();
            return null;
        });
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

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
