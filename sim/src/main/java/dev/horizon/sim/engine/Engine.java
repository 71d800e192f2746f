package dev.horizon.sim.engine;

import dev.horizon.sim.engine.Instance.State;
import dev.horizon.sim.model.ServiceMix;
import dev.horizon.sim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;

/** The event loop of one {@link Simulation} (see its implementation notes). */
final class Engine {

    private static final String GENERATOR = "L64X128MixRandom";
    /** Decorrelates the three streams' seeds (the golden ratio's 64-bit fraction, as SplitMix64 steps). */
    private static final long STREAM = 0x9E3779B97F4A7C15L;
    private static final int HOUR = 3600;

    final Requests requests = new Requests();
    double now;
    private final Scenario scenario;
    private final Simulation.Listener listener;
    private final Trace trace;
    private final Arrivals.Source arrivals;
    private final RandomGenerator demands;
    private final RandomGenerator picks;
    private final boolean hashing;
    final Gateway gateway;
    final Fleet fleet;
    private final Control control;
    private final InstanceHeap heap = new InstanceHeap();
    private final Replies replies = new Replies();
    private final Stats stats;
    private final double timeout;
    private final int limit;
    private final @Nullable SharedHost host;
    private final @Nullable Admission admission;
    private final @Nullable ServiceMix mix;
    private boolean membershipChanged;
    private double nextArrival;

    Engine(Scenario scenario, Simulation.Listener listener) {
        this.scenario = scenario;
        this.listener = listener;
        this.trace = scenario.trace();
        RandomGeneratorFactory<RandomGenerator> factory = RandomGeneratorFactory.of(GENERATOR);
        this.arrivals = scenario.arrivals().over(trace, factory.create(scenario.seed()));
        this.demands = factory.create(scenario.seed() + STREAM);
        this.picks = factory.create(scenario.seed() - STREAM);
        this.hashing = scenario.balance().hashing();
        this.gateway = new Gateway(scenario.balance(), () -> (long) (now * 1e9), picks);
        this.timeout = scenario.requestTimeout().toNanos() / 1e9;
        this.limit = scenario.workers() + scenario.queue();
        HostCpu hostCpu = scenario.host();
        this.host = hostCpu == null ? null : new SharedHost(hostCpu);
        AdmissionLimit admissionLimit = scenario.admissionLimit();
        this.admission = admissionLimit == null ? null : new Admission(admissionLimit, requests);
        this.stats = new Stats(trace.seconds(), scenario.sloP95().toNanos() / 1e6, scenario.requestTimeout()
            .toNanos() / 1000, scenario.windows());
        this.mix = scenario.model().serviceMix().orElse(null);
        this.fleet = new Fleet(this, scenario);
        this.control = new Control(this, scenario, listener, stats);
    }

    Simulation.Result run() {
        fleet.start();
        syncMembership();
        int seconds = trace.seconds();
        nextArrival = arrivals.next(0);
        int second = 0;
        offer(0);
        long ticks = 1;
        double period = scenario.policy().period().toNanos() / 1e9;
        double nextTick = period;
        while (second < seconds) {
            double boundary = second + 1;
            double timer = fleet.nextTimer();
            double instance = heap.isEmpty() ? Double.POSITIVE_INFINITY : heap.top().next;
            double deadline = admission == null ? Double.POSITIVE_INFINITY : admission.nextDeadline();
            double reply = replies.next();
            instance = Math.min(instance, Math.min(deadline, reply));
            if (boundary <= timer && boundary <= nextTick && boundary <= instance && boundary <= nextArrival) {
                now = boundary;
                closeSecond(second++);
                offer(second);
                warmUp();
            } else if (timer <= nextTick && timer <= instance && timer <= nextArrival) {
                now = timer;
                fleet.fire();
            } else if (nextTick <= instance && nextTick <= nextArrival) {
                now = nextTick;
                control.evaluate();
                nextTick = ++ticks * period;
            } else if (instance <= nextArrival) {
                now = instance;
                if (deadline <= now) {
                    expireWaiting();
                } else if (reply <= now) {
                    replied();
                } else {
                    instanceEvent(heap.top());
                }
            } else {
                now = nextArrival;
                arrive();
                nextArrival = arrivals.next(now);
            }
            syncMembership();
            admitWaiting();
            shareHost();
        }
        listener.progress(seconds, seconds, stats.totalArrivals);
        return new Simulation.Result(stats.timeline, stats.summary());
    }

    /**
     * A draw of the unit exponential by inversion, {@code −ln(1 − U)}: three times as fast here as the JDK's
     * ziggurat ({@code nextExponential}), and as exact for a simulation.
     */
    static double exponential(RandomGenerator random) {
        return -Math.log(1 - random.nextDouble());
    }

    /**
     * One request's work in units of the mean request: from the model's mix when it has one ({@link ServiceMix}, a
     * hyperexponential), else one exponential of mean one (the draws exactly as before mixes were recorded).
     */
    private double work() {
        ServiceMix m = mix;
        return m == null ? exponential(demands) : m.draw(demands);
    }

    private void arrive() {
        stats.arrived();
        int r = requests.take(now);
        Admission a = admission;
        Admission.Answer answer = a == null ? Admission.Answer.ADMITTED : a.arrive(r, now);
        if (answer == Admission.Answer.ADMITTED) {
            dispatch(r);
        } else if (answer == Admission.Answer.SHED) {
            shed(r);
        }
        // a queued one waits for a place (admitWaiting) or its deadline (expireWaiting)
    }

    /** Sends admitted request {@code r} to the instance the balancer picks, or refuses it when there is none. */
    private void dispatch(int r) {
        Instance i = gateway.pick(hashing ? picks.nextLong() : 0L);
        if (i == null || i.inFlight() >= limit) {
            double waited = now - requests.arrival[r];
            stats.rejected(waited, now);
            gateway.exchangeEnded((long) (waited * 1e6), (long) now);
            release(r);
            requests.free(r);
            return;
        }
        i.load.requestStarted();
        if (i.hasFreeWorker()) {
            i.admit(r, now, work());
        } else {
            i.waiting.add(r);
        }
        reschedule(i);
    }

    private void instanceEvent(Instance i) {
        if (i.nextIsTimeout) {
            int r = i.oldest();
            i.end(r, now);
            ended(i, timeout, requests.admitted[r], requests.inflightAtAdmission[r], true);
        } else {
            int r = i.service.top();
            i.end(r, now);
            SharedHost h = host;
            double wait = h == null ? 0 : h.coreWait(i.alone(r));
            double latency = now - requests.arrival[r] + wait;
            if (wait == 0) {
                ended(i, latency, requests.admitted[r], requests.inflightAtAdmission[r], false);
            } else if (now + wait >= requests.arrival[r] + timeout) { // the gateway gives up first
                replies.addTimeout(requests.arrival[r] + timeout, timeout, i, requests.admitted[r],
                    requests.inflightAtAdmission[r]);
            } else {
                replies.add(now + wait, latency, i, requests.admitted[r], requests.inflightAtAdmission[r]);
            }
        }
        while (i.hasFreeWorker() && !i.waiting.isEmpty()) {
            i.admit(i.waiting.poll(), now, work());
        }
        if (!drainedIfIdle(i)) {
            reschedule(i);
        }
    }

    /**
     * The first answer on its way back after its wait for a core ({@link Replies}) reaches the gateway now, or the
     * gateway gives up on it now, at the request timeout.
     */
    private void replied() {
        Instance i = replies.instance();
        ended(i, replies.latency(), replies.admitted(), replies.inflightAtAdmission(), replies.timesOut());
        replies.poll();
        drainedIfIdle(i);
    }

    /**
     * A draining instance whose last request's answer has reached the gateway is gone, as the fleet's reconciler
     * ends a drain on the gateway's in-flight count: returns whether it was.
     */
    private boolean drainedIfIdle(Instance i) {
        if (i.state == State.DRAINING && i.load.inFlight() == 0) {
            fleet.drained(i);
            return true;
        }
        return false;
    }

    /**
     * A request sent to {@code i} ends at the gateway now, {@code latency} after it arrived: its answer arrived
     * (served), or the request timeout passed first ({@code timedOut}: 504, {@code latency} the timeout). Its attempt
     * and its place under the concurrency limit are over, and the limit's law takes its round trip as a sample, a
     * drop when it timed out ({@code admittedAt} and {@code inflightAtAdmission} its admission's).
     */
    private void ended(Instance i, double latency, double admittedAt, int inflightAtAdmission, boolean timedOut) {
        long second = (long) now;
        if (timedOut) {
            stats.timedOut(latency, now);
        } else {
            stats.served(latency, now);
        }
        gateway.exchangeEnded((long) (latency * 1e6), second);
        finished(i, (long) (latency * 1e9), second);
        Admission a = admission;
        if (a != null) {
            a.finished(now, admittedAt, inflightAtAdmission, true, timedOut);
        }
    }

    private void finished(Instance i, long latencyNanos, long second) {
        i.load.requestFinished();
        Gateway.attemptEnded(i, second);
        if (gateway.readsLatency()) {
            i.load.recordLatency(latencyNanos, (long) (now * 1e9));
        }
    }

    /** Puts {@code i}'s next event (a completion or the oldest request's timeout) in the heap. */
    void reschedule(Instance i) {
        double completion = i.nextCompletion();
        int oldest = i.oldest();
        double expiry = oldest < 0 ? Double.POSITIVE_INFINITY : requests.arrival[oldest] + timeout;
        i.nextIsTimeout = expiry <= completion;
        i.next = Math.max(now, Math.min(expiry, completion));
        if (i.next == Double.POSITIVE_INFINITY) {
            heap.remove(i);
        } else {
            heap.update(i);
        }
    }

    /** With a shared host, the rest of the machine's part in second {@code s} (its offered rate). */
    private void offer(int s) {
        SharedHost h = host;
        if (h != null && s < trace.seconds()) {
            h.offered(trace.rps(s));
        }
    }

    /** With a shared host, every instance's share of its demand after the event at {@code now}. */
    private void shareHost() {
        SharedHost h = host;
        if (h != null && h.rebalance(fleet.live, now)) {
            for (Instance i : fleet.live) {
                reschedule(i);
            }
        }
    }

    /** Every request at {@code i} fails now: its instance died, or its drain timed out. */
    void failAll(Instance i) {
        for (int r : i.endAll(now)) {
            double waited = now - requests.arrival[r];
            stats.rejected(waited, now);
            gateway.exchangeEnded((long) (waited * 1e6), (long) now);
            i.load.requestFinished();
            release(r);
        }
        heap.remove(i);
    }

    /**
     * Admitted request {@code r} failed without saying anything about the service's load (no ready instance, the
     * instance's queue full, its instance gone): its place under the concurrency limit is free ({@link Admission}),
     * with no sample for the limit's law.
     */
    private void release(int r) {
        Admission a = admission;
        if (a != null) {
            a.finished(now, requests.admitted[r], requests.inflightAtAdmission[r], false, false);
        }
    }

    /** Request {@code r} is over the concurrency limit (at once, or after its wait in the queue): 503. */
    private void shed(int r) {
        double waited = now - requests.arrival[r];
        stats.shed(waited, now);
        gateway.exchangeEnded((long) (waited * 1e6), (long) now);
        requests.free(r);
    }

    /** The oldest request waiting for a place under the limit waited its queue timeout: shed. */
    private void expireWaiting() {
        Admission a = Objects.requireNonNull(admission);
        shed(a.expire());
    }

    /** Admits the waiting requests the limit has places for, oldest first, and sends them on. */
    private void admitWaiting() {
        Admission a = admission;
        while (a != null && a.canAdmitWaiting()) {
            dispatch(a.admitWaiting(now));
        }
    }

    /** {@code i} is gone: it has no more events. */
    void removed(Instance i) {
        heap.remove(i);
    }

    /** The set of ready instances changed; the balancer is rebuilt once the current event is over. */
    void membershipChanged() {
        membershipChanged = true;
    }

    private void syncMembership() {
        if (!membershipChanged) {
            return;
        }
        membershipChanged = false;
        List<Instance> ready = new ArrayList<>();
        for (Instance i : fleet.live) {
            if (i.state == State.WARMING || i.state == State.IN_SERVICE) {
                ready.add(i);
            }
        }
        gateway.rebuild(ready);
    }

    /** With a cold start, every warming-up instance's speed and CPU for the second that begins {@code now}. */
    private void warmUp() {
        ColdStart cold = scenario.coldStart();
        if (cold == null) {
            return;
        }
        for (Instance i : fleet.live) {
            if (i.readyAt > Double.NEGATIVE_INFINITY && i.warm(cold, now + 0.5 - i.readyAt, now)) {
                reschedule(i);
            }
        }
    }

    private void closeSecond(int s) {
        int[] byState = new int[4];
        double utilization = 0;
        int serving = 0;
        double price = 0;
        long largest = 0;
        double used = 0;
        for (Instance i : fleet.live) {
            i.closeSecond(now);
            used += i.lastSecondMillicores;
            switch (i.state) {
                case STARTING -> byState[0]++;
                case WARMING -> byState[1]++;
                case IN_SERVICE -> byState[2]++;
                case DRAINING -> byState[3]++;
                default -> {
                }
            }
            if (i.state == State.WARMING || i.state == State.IN_SERVICE) {
                utilization += i.lastSecondUtilization;
                serving++;
            }
            price += i.price;
            largest = Math.max(largest, i.cpu.millicores());
        }
        SharedHost h = host;
        if (h != null) {
            h.secondEnded(used, now);
        }
        Admission a = admission;
        stats.timeline.limit(s, a == null ? 0 : a.limit());
        stats.closeSecond(s, byState, fleet.cpu().millicores(), largest,
            serving == 0 ? Double.NaN : utilization / serving * 100, price);
        if ((s + 1) % HOUR == 0) {
            listener.progress(s + 1, trace.seconds(), stats.totalArrivals);
        }
    }
}
