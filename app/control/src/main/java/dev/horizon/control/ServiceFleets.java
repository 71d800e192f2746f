package dev.horizon.control;

import dev.horizon.fleet.CrashLoop;
import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetListener;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.fleet.Limits;
import dev.horizon.fleet.Provider;
import dev.horizon.fleet.Resize;
import dev.horizon.sizing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One managed service's instances as the fleets of its live revisions, like a Kubernetes Deployment's ReplicaSets:
 * outside a rollout only the serving revision has a fleet; during one, the new revision has its own, and the rollout
 * decides each fleet's count ({@link #split}). To the autoscaler and the admin API it is one {@link ScaleTarget}: one
 * desired count, one merged status.
 *
 * <p>Every revision's fleet runs the configuration's {@code instances} block with the revision's command and
 * environment, on the same provider; instance ids carry the revision from 2 on ({@code shop-r2-1}), and each instance
 * joins the gateway's pool labelled with its revision ({@code r2}), which is what a weighted split selects on. Every
 * revision's fleet has min 0 (a rollout sets its count); the service's min and max bound the desired count, as
 * {@code horizon scale} and the autoscaler apply them.
 */
final class ServiceFleets implements ScaleTarget, AutoCloseable {

    private final FleetSpec base;
    private final Provider provider;
    private final GatewayMembership membership;
    private final FleetListener listener;
    private final TreeMap<Integer, Fleet> fleets = new TreeMap<>();
    private final TreeMap<Integer, Revision> revisions = new TreeMap<>();
    /** Fleets of retired revisions until their last instance has stopped (shown in the status, awaited at close). */
    private final TreeMap<Integer, Fleet> retiring = new TreeMap<>();
    private int serving;
    private int desired;
    private @Nullable IntConsumer split;

    /**
     * Starts the fleet of {@code first}, the serving revision, at the configuration's min. Every revision's fleet has
     * min 0 so that a rollout can shrink it below the service's min; the service's min and max bound
     * {@link #setDesired}.
     */
    ServiceFleets(FleetSpec base, Provider provider, GatewayMembership membership, FleetListener listener,
        Revision first) {
        this.base = base;
        this.provider = provider;
        this.membership = membership;
        this.listener = listener;
        this.serving = first.number();
        this.desired = base.min();
        revisions.put(first.number(), first);
        Fleet f = Fleet.start(spec(first), provider, membership.revision(first.label()), listener);
        f.setDesired(base.min());
        fleets.put(first.number(), f);
    }

    /** Revision {@code r}'s fleet: the configuration's settings with its command and environment, and min 0. */
    private FleetSpec spec(Revision r) {
        return base.withRevision(r.number()).withCommand(r.command()).withEnv(r.env()).withMin(0);
    }

    /** The configuration's spec (revision 1's settings but for command and environment). */
    FleetSpec base() {
        return base;
    }

    /** The revision whose instances serve outside a rollout (the stable one during one). */
    synchronized int serving() {
        return serving;
    }

    /** The revision {@code number} while it has a fleet, or null. */
    synchronized @Nullable Revision revision(int number) {
        return fleets.containsKey(number) ? revisions.get(number) : null;
    }

    /**
     * Starts a fleet for {@code r} with {@code count} instances, at the serving fleet's size.
     *
     * @throws IllegalStateException when it has one already
     */
    synchronized Fleet start(Revision r, int count) {
        if (fleets.containsKey(r.number())) {
            throw new IllegalStateException(r.label() + " has instances already");
        }
        requireNotDraining(r.number());
        FleetSpec s = spec(r).withResources(servingFleet().size());
        Fleet f = Fleet.start(s, provider, membership.revision(r.label()), listener);
        f.setDesired(count);
        revisions.put(r.number(), r);
        fleets.put(r.number(), f);
        return f;
    }

    /**
     * Refuses a revision whose retired instances are still draining: a new fleet of it would reuse their ids.
     *
     * @throws IllegalStateException when it is draining
     */
    synchronized void requireNotDraining(int number) {
        if (retiring.containsKey(number)) {
            throw new IllegalStateException(base.service() + ": r" + number + "'s instances are still draining; "
                + "deploy it again once they have stopped");
        }
    }

    /** The fleet of revision {@code number}, or null when it has none. */
    synchronized @Nullable Fleet fleet(int number) {
        return fleets.get(number);
    }

    /** Makes {@code number} the serving revision (a promotion); its fleet must exist. */
    synchronized void serve(int number) {
        if (!fleets.containsKey(number)) {
            throw new IllegalStateException("r" + number + " has no instances");
        }
        serving = number;
    }

    /**
     * Stops revision {@code number}'s instances, draining each (in the background; this returns at once) and forgets
     * its fleet; the future completes when none of them runs. The serving revision is never retired.
     */
    CompletableFuture<Void> retire(int number) {
        Fleet f;
        synchronized (this) {
            if (number == serving) {
                throw new IllegalStateException("r" + number + " serves; it cannot be retired");
            }
            f = fleets.remove(number);
            if (f != null) {
                retiring.put(number, f);
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (f == null) {
            done.complete(null);
            return done;
        }
        Thread.ofPlatform().daemon().name("horizon-retire-" + base.service() + "-r" + number).start(() -> {
            try {
                f.close();
            } finally {
                synchronized (this) {
                    retiring.remove(number, f);
                }
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * Hands the desired count to {@code rule} (a rollout's split across revisions) from now on, applying it at once;
     * null gives it back to the serving fleet alone.
     */
    synchronized void split(@Nullable IntConsumer rule) {
        split = rule;
        setDesired(desired);
    }

    /**
     * Sets the service's desired count and hands it to the rollout's rule (or the serving fleet), all under this
     * object's lock, so a rule replaced meanwhile (an abort) never sees its counts overwritten by a late call.
     */
    @Override
    public synchronized int setDesired(int count) {
        desired = Math.clamp(count, base.min(), base.max());
        IntConsumer rule = split;
        if (rule != null) {
            rule.accept(desired);
            return desired;
        }
        return servingFleet().setDesired(desired);
    }

    /** The service's desired count. */
    synchronized int desired() {
        return desired;
    }

    @Override
    public Resize resize(Resources size, @Nullable String instanceId) {
        Fleet f;
        synchronized (this) {
            if (fleets.size() > 1) {
                throw new IllegalStateException(base.service() + ": a rollout is under way (" + fleets.size()
                    + " revisions run); resize after it ends");
            }
            f = servingFleet();
        }
        return f.resize(size, instanceId);
    }

    /** The size new instances launch with. */
    Resources size() {
        return servingFleet().size();
    }

    /** Whether the provider enforces sizes. */
    Limits limits() {
        return servingFleet().limits();
    }

    /**
     * Drains and stops one instance, of whichever revision.
     *
     * @throws IllegalArgumentException when no revision has that instance
     */
    void drain(String instanceId) {
        for (Fleet f : snapshot().values()) {
            if (f.status().instances().stream().anyMatch(i -> i.id().equals(instanceId))) {
                f.drain(instanceId);
                return;
            }
        }
        throw new IllegalArgumentException("no instance " + instanceId + " in service " + base.service());
    }

    /** Every revision's fleet now, by revision number, retiring ones included. */
    synchronized Map<Integer, Fleet> snapshot() {
        TreeMap<Integer, Fleet> all = new TreeMap<>(retiring);
        all.putAll(fleets);
        return all;
    }

    @Override
    public FleetStatus status() {
        Map<Integer, Fleet> all;
        int servingNow;
        int desiredNow;
        synchronized (this) {
            all = snapshot();
            servingNow = serving;
            desiredNow = desired;
        }
        FleetStatus main = Objects.requireNonNull(all.get(servingNow)).status();
        if (all.size() == 1) {
            return new FleetStatus(main.service(), desiredNow, main.ready(), main.warming(), main.starting(),
                main.draining(), main.restarts(), main.crashLoop(), main.replacementPaused(), main.instances(),
                main.size(), main.replacing());
        }
        int ready = 0;
        int warming = 0;
        int starting = 0;
        int draining = 0;
        int restarts = 0;
        CrashLoop crashLoop = null;
        List<InstanceStatus> instances = new ArrayList<>();
        for (Fleet f : all.values()) {
            FleetStatus s = f.status();
            ready += s.ready();
            warming += s.warming();
            starting += s.starting();
            draining += s.draining();
            restarts += s.restarts();
            crashLoop = crashLoop != null ? crashLoop : s.crashLoop();
            instances.addAll(s.instances());
        }
        return new FleetStatus(main.service(), desiredNow, ready, warming, starting, draining, restarts, crashLoop,
            main.replacementPaused(), instances, main.size(), main.replacing());
    }

    private Fleet servingFleet() {
        synchronized (this) {
            return Objects.requireNonNull(fleets.get(serving));
        }
    }

    /** Drains and stops every revision's instances, all at once; returns when nothing runs. */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (Map.Entry<Integer, Fleet> e : snapshot().entrySet()) {
            closing.add(Thread.ofPlatform().name("horizon-stop-" + base.service() + "-r" + e.getKey())
                .start(e.getValue()::close));
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
