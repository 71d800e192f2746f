package dev.horizon.sim.engine;

import dev.horizon.sim.engine.Instance.State;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The simulated fleet: the instances' lifecycle ({@code STARTING → WARMING → IN_SERVICE → DRAINING → gone}) on
 * timers, the desired count reconciled as the live fleet's reconciler does, resizes in place or by replacement, and
 * kills.
 *
 * <p>Implementation notes, after the {@code fleet} module. A scale-in stops, in order, the instances that serve
 * nobody yet (newest first), then those in service with the fewest requests in flight, ties to the newest
 * ({@code ScaleIn}). A starting instance stops at once; a serving one drains: it leaves the balancer, finishes its
 * requests and ends, or at the drain timeout ends with the rest failing. A resize with {@code resize-policy:
 * in-place} changes every instance's CPU after the resize delay (memory is not modelled, so no resize is refused);
 * with {@code restart} it is the fleet's stop-first rollout ({@code Rollout.Mode.STOP_FIRST}): one old instance at a
 * time drains while the count is held one lower, then its replacement launches at the new size, and the next step
 * waits until that one is in service. A killed instance is replaced at once (the live fleet's first restart has no
 * backoff).
 */
final class Fleet {

    private enum Kind { READY, WARM, DRAIN_END, RESIZE, KILL }

    private record Timer(double at, long order, Kind kind, @Nullable Instance instance, int generation,
                         @Nullable Cpu cpu) {
    }

    private final Engine engine;
    private final Scenario scenario;
    private final Prices prices;
    final List<Instance> live = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingDouble(Timer::at)
        .thenComparingLong(Timer::order));
    private long order;
    private long sequence;
    Resources template;
    int desired;
    private final Deque<Instance> old = new ArrayDeque<>();
    private @Nullable Instance vacated;
    private @Nullable Instance fresh;
    /** Whether the counts changed since the last reconciliation; whether a stopped old instance awaits its heir. */
    private boolean pending;
    private boolean vacancy;

    Fleet(Engine engine, Scenario scenario) {
        this.engine = engine;
        this.scenario = scenario;
        this.prices = new Prices(scenario.catalog());
        this.template = scenario.size();
        this.desired = scenario.count();
        for (Kill k : scenario.kills()) {
            schedule(k.at().toNanos() / 1e9, Kind.KILL, null, null);
        }
    }

    /** The initial instances, in service from second 0. */
    void start() {
        for (int k = 0; k < desired; k++) {
            Instance i = create();
            i.state = State.IN_SERVICE;
        }
        engine.membershipChanged();
    }

    /** Reconciles until nothing changes: every entry point ends here, so a reconciliation never nests. */
    private void settle() {
        while (pending) {
            pending = false;
            reconcile();
        }
    }

    private Instance create() {
        Cpu cpu = Objects.requireNonNull(template.cpu());
        sequence++;
        HostCpu host = scenario.host();
        Instance.Work work = new Instance.Work(scenario.workers(), host == null ? 1 : host.instanceFactor());
        Instance i = new Instance("i-" + sequence, sequence, cpu, scenario.model().at(cpu), work, engine.requests,
            engine.now);
        i.price = prices.perHour(cpu, template.memory());
        live.add(i);
        return i;
    }

    /** The CPU of the template: what new instances get. */
    Cpu cpu() {
        return Objects.requireNonNull(template.cpu());
    }

    double nextTimer() {
        Timer t = timers.peek();
        return t == null ? Double.POSITIVE_INFINITY : t.at();
    }

    private void schedule(double at, Kind kind, @Nullable Instance i, @Nullable Cpu cpu) {
        timers.add(new Timer(at, order++, kind, i, i == null ? 0 : i.timers, cpu));
    }

    /** Fires the earliest timer. */
    void fire() {
        Timer t = timers.poll();
        Instance i = t.instance();
        if (i != null && (i.timers != t.generation() || i.state == State.GONE)) {
            return;
        }
        switch (t.kind()) {
            case READY -> ready(Objects.requireNonNull(i));
            case WARM -> warm(Objects.requireNonNull(i));
            case DRAIN_END -> {
                engine.failAll(Objects.requireNonNull(i));
                gone(i);
            }
            case RESIZE -> resizeInPlace(Objects.requireNonNull(t.cpu()));
            case KILL -> kill();
            default -> throw new IllegalStateException(t.kind().name());
        }
        settle();
    }

    private void ready(Instance i) {
        i.state = State.WARMING;
        i.readyAt = engine.now;
        ColdStart cold = scenario.coldStart();
        if (cold != null) {
            // held until the next whole second at its value in the middle of what is left of this one
            i.warm(cold, (Math.floor(engine.now) + 1 - engine.now) / 2, engine.now);
        }
        engine.membershipChanged();
        if (scenario.timings().warmup().isZero()) {
            warm(i);
        } else {
            schedule(engine.now + seconds(scenario.timings().warmup()), Kind.WARM, i, null);
        }
    }

    private void warm(Instance i) {
        i.state = State.IN_SERVICE;
        if (i == fresh) {
            fresh = null;
            step();
        }
    }

    /** The count the autoscaler decided. */
    void setDesired(int count) {
        desired = count;
        pending = true;
        settle();
    }

    /** Launches or stops instances until the active ones match the desired count. */
    private void reconcile() {
        int target = desired - (vacated != null ? 1 : 0);
        List<Instance> active = new ArrayList<>();
        for (Instance i : live) {
            if (i.state != State.DRAINING) {
                active.add(i);
            }
        }
        List<Instance> launched = new ArrayList<>();
        for (int k = active.size(); k < target; k++) {
            Instance i = create();
            schedule(engine.now + seconds(scenario.timings().startToReady()), Kind.READY, i, null);
            launched.add(i);
        }
        if (vacancy) {
            vacancy = false;
            fresh = launched.isEmpty() ? null : launched.getFirst();
            if (fresh == null) {
                step();
            }
        }
        if (active.size() > target) {
            active.sort(Comparator.comparing((Instance i) -> i.state == State.IN_SERVICE)
                .thenComparingInt(i -> i.state == State.IN_SERVICE ? i.load.inFlight() : 0)
                .thenComparing(Comparator.comparingLong((Instance i) -> i.sequence).reversed()));
            for (Instance i : active.subList(0, active.size() - Math.max(0, target))) {
                if (i.state != State.DRAINING && i.state != State.GONE) {
                    drain(i);
                }
            }
        }
    }

    private void drain(Instance i) {
        if (i.state == State.STARTING) {
            gone(i);
            return;
        }
        i.state = State.DRAINING;
        engine.membershipChanged();
        if (i.load.inFlight() == 0) { // the gateway's count, answers on their way included
            gone(i);
        } else {
            schedule(engine.now + seconds(scenario.timings().drainTimeout()), Kind.DRAIN_END, i, null);
        }
    }

    /** A draining instance finished its last request. */
    void drained(Instance i) {
        gone(i);
        settle();
    }

    private void gone(Instance i) {
        boolean served = i.state == State.WARMING || i.state == State.IN_SERVICE;
        i.state = State.GONE;
        i.timers++;
        live.remove(i);
        engine.removed(i);
        if (served) {
            engine.membershipChanged();
        }
        if (i == vacated) {
            vacated = null;
            vacancy = true;
        } else if (i == fresh) {
            fresh = null;
            step();
        }
        pending = true;
    }

    private void kill() {
        Instance victim = null;
        for (Instance i : live) {
            if (i.state == State.IN_SERVICE && (victim == null || i.sequence < victim.sequence)) {
                victim = i;
            }
        }
        for (Instance i : live) {
            if (victim == null && i.state != State.DRAINING) {
                victim = i;
            }
        }
        if (victim != null) {
            engine.failAll(victim);
            gone(victim);
        }
    }

    /** The autoscaler decided the instances' size. */
    void resize(Resources to) {
        template = to;
        Cpu cpu = Objects.requireNonNull(to.cpu());
        if (scenario.resizePolicy() == ResizePolicy.IN_PLACE) {
            schedule(engine.now + seconds(scenario.timings().resizeDelay()), Kind.RESIZE, null, cpu);
            return;
        }
        old.clear();
        for (Instance i : live) {
            if (i.state != State.DRAINING && !i.cpu.equals(cpu) && i != fresh) {
                old.add(i);
            }
        }
        step();
        settle();
    }

    private void resizeInPlace(Cpu cpu) {
        for (Instance i : live) {
            if (!i.cpu.equals(cpu)) {
                i.resize(cpu, scenario.model().at(cpu), engine.now);
                i.price = prices.perHour(cpu, template.memory());
                engine.reschedule(i);
            }
        }
    }

    /** The next step of a restart rollout, unless one is under way. */
    private void step() {
        if (vacated != null || fresh != null) {
            return;
        }
        Cpu cpu = cpu();
        while (!old.isEmpty()) {
            Instance o = old.poll();
            if (o.state != State.DRAINING && o.state != State.GONE && !o.cpu.equals(cpu)) {
                vacated = o;
                drain(o);
                return;
            }
        }
    }

    /** Whether a restart rollout is replacing instances. */
    boolean replacing() {
        return !old.isEmpty() || vacated != null || fresh != null;
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
