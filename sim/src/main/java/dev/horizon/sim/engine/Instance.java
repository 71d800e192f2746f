package dev.horizon.sim.engine;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.Health;
import dev.horizon.balance.EndpointLoad;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sizing.Cpu;

/**
 * One simulated instance: its place in the fleet's lifecycle and its queue.
 *
 * <p>Implementation notes. The queue is a multi-server queue with processor sharing among the requests in service,
 * at most {@code workers} of them, and a bounded first-come-first-served wait in front: with {@code n} requests in
 * service the instance completes work at the capacity model's {@code X(n)} requests per second, each request
 * progressing at {@code X(n)/n}. Each request brings an exponential amount of work with mean one request (with the
 * model's mix, a hyperexponential one of mean one: {@link dev.horizon.sim.model.ServiceMix}). That is
 * the USL read as a rate: a thread pool of {@code workers} threads time-sharing the CPU, whose throughput at
 * concurrency {@code n} is what the profile measured at {@code n}. With {@code σ = κ = 0} every request progresses
 * at {@code λ} whatever {@code n}, so the instance is exactly M/M/c with {@code c = workers}; with one worker it is
 * M/M/1. Processor sharing is tracked with one virtual clock per instance (the work a single request has received),
 * so an arrival or a departure changes one number, not every request: a request finishes when the virtual clock
 * reaches its virtual finish, and the next finish in real time is {@code (finish − virtual) × n / X(n)} away.
 */
final class Instance {

    /** Where it is in its life, as the fleet's {@code InstanceState} without the pending and failed states. */
    enum State { STARTING, WARMING, IN_SERVICE, DRAINING, GONE }

    final String id;
    final long sequence;
    final Endpoint endpoint;
    final EndpointLoad load;
    final FinishHeap service;
    final IntRing waiting = new IntRing();
    private final IntRing admitted = new IntRing();
    private final Requests requests;
    private final int workers;
    State state = State.STARTING;
    Cpu cpu;
    /** What it costs per hour at its size. */
    double price;
    private double[] rate;
    private double capacity;
    /** The CPU it uses with the CPU to itself, by requests in service, in millicores ({@link #demand()}). */
    private double[] demand;
    /** How many times the model's CPU it wants for its requests: 1 but on a shared host ({@link HostCpu}). */
    private final double cpuFactor;
    /** The share of its demand the shared host gives it, 0..1: 1 without a shared host ({@link SharedHost}). */
    private double share = 1;
    /** Its speed against a warm instance's, 0..1: {@code 1 / m} while it warms up ({@link ColdStart}). */
    private double speed = 1;
    /** Its CPU per unit of time serving against a warm one's: {@code c / m} while it warms up ({@link ColdStart}). */
    private double burn = 1;
    /** When it became ready, in virtual seconds; minus infinity for the instances the simulation starts with. */
    double readyAt = Double.NEGATIVE_INFINITY;
    private double virtual;
    private double updated;
    /** CPU used in the current second, in millicore-seconds: its demand at each moment times its share of the host. */
    private double used;
    /** CPU allocated in the current second, in millicore-seconds. */
    private double allocated;
    /** The CPU it used in the last whole second, in millicores. */
    double lastSecondMillicores;
    /** The share of its allocated CPU it used in the last whole second, 0..1. */
    double lastSecondUtilization;
    /** The gateway's per-endpoint ten-second window of finished attempts: counts by second. */
    final long[] windowCount = new long[Gateway.WINDOW];
    final long[] windowSecond = new long[Gateway.WINDOW];
    /** Its next event in virtual seconds (a completion or a timeout), and which. */
    double next = Double.POSITIVE_INFINITY;
    boolean nextIsTimeout;
    int heapIndex = -1;
    /** The instance's generation of timers: a timer of an older one is stale. */
    int timers;

    /**
     * How an instance works: its workers (the requests it serves at once) and how many times the model's CPU it takes
     * for them ({@link HostCpu#instanceFactor()}).
     */
    record Work(int workers, double cpuFactor) {}

    Instance(String id, long sequence, Cpu cpu, SizeCurve curve, Work work, Requests requests, double now) {
        int workers = work.workers();
        this.id = id;
        this.sequence = sequence;
        this.load = new EndpointLoad();
        this.endpoint = new Endpoint(id, id + ".sim:80", 1, "", Health.HEALTHY, load);
        this.requests = requests;
        this.service = new FinishHeap(requests);
        this.workers = workers;
        this.cpuFactor = work.cpuFactor();
        this.cpu = cpu;
        this.rate = rates(curve, workers);
        this.capacity = max(rate);
        this.demand = demands(curve, workers, cpu, rate, capacity);
        applyCpuFactor();
        this.updated = now;
        java.util.Arrays.fill(windowSecond, Long.MIN_VALUE);
    }

    private static double[] rates(SizeCurve curve, int workers) {
        double[] x = new double[workers + 1];
        for (int n = 1; n <= workers; n++) {
            x[n] = curve.throughput(n);
        }
        return x;
    }

    /**
     * The CPU with {@code n} requests in service: the profile's measured CPU at that concurrency when the curve has
     * it ({@link SizeCurve#demand}; at most its size: a sample above an unenforced limit cannot be had), else its size
     * times the share of its capacity they take, {@code X(n) / X_max}.
     */
    private static double[] demands(SizeCurve curve, int workers, Cpu cpu, double[] rate, double capacity) {
        double[] d = new double[workers + 1];
        for (int n = 1; n <= workers; n++) {
            double measured = curve.demand(n);
            d[n] = Double.isNaN(measured) ? cpu.millicores() * rate[n] / capacity
                : Math.min(measured, cpu.millicores());
        }
        return d;
    }

    private static double max(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Takes a new CPU size at {@code now}: the work done so far at the old rate, from now on at the new one. */
    void resize(Cpu newCpu, SizeCurve curve, double now) {
        advance(now);
        this.cpu = newCpu;
        this.rate = rates(curve, workers);
        this.capacity = max(rate);
        this.demand = demands(curve, workers, newCpu, rate, capacity);
        applyCpuFactor();
    }

    /**
     * Applies the CPU factor: with {@code n} in service the instance wants {@code K·d(n)}, and a young one that times
     * its warm-up's CPU ({@code burn}); it gets at most its size (a CPU limit throttles it, as a cgroup's quota does),
     * and where it wants more its requests progress at {@code size / (K·d(n)·burn)} of their rate ({@link #progress}).
     */
    private void applyCpuFactor() {
        for (int n = 1; n < demand.length; n++) {
            demand[n] *= cpuFactor;
        }
    }

    /** Brings the virtual clock and the busy time up to {@code now}. */
    void advance(double now) {
        double dt = now - updated;
        if (dt > 0) {
            int n = service.size();
            double millicores = cpu.millicores();
            if (n > 0) {
                virtual += dt * progress(n) / n;
                used += dt * use(n) * share;
            }
            allocated += dt * millicores;
            updated = now;
        }
    }

    /**
     * How long request {@code r}'s work takes alone: its work at one request in service, with the host's CPU to
     * itself and warm (within its size).
     */
    double alone(int r) {
        double over = demand[1] / cpu.millicores();
        return requests.work[r] * Math.max(1, over) / rate[1];
    }

    /** Requests sent here and not over: in service and waiting. */
    int inFlight() {
        return service.size() + waiting.size();
    }

    /** Whether a request may start service at once. */
    boolean hasFreeWorker() {
        return service.size() < workers;
    }

    /** Starts serving request {@code r} at {@code now} with {@code work} (in requests' worth, mean 1). */
    void admit(int r, double now, double work) {
        advance(now);
        requests.finish[r] = virtual + work;
        requests.work[r] = work;
        service.push(r);
        admitted.add(r);
    }

    /** When the first request in service would finish at the present rate; infinite with none in service. */
    double nextCompletion() {
        int n = service.size();
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return updated + Math.max(0, requests.finish[service.top()] - virtual) * n / progress(n);
    }

    /**
     * The work it completes per second with {@code n} in service: {@code X(n)} at its share of the host and its
     * speed, and slower still where its CPU factor and a warm-up's CPU ({@code burn}) would take it past its size,
     * which holds it there.
     */
    private double progress(int n) {
        double want = demand[n] * burn;
        double limit = cpu.millicores();
        return rate[n] * share * speed * (want > limit ? limit / want : 1);
    }

    /** The CPU it would use with {@code n} in service and the host's CPU to itself: its want, at most its size. */
    private double use(int n) {
        return Math.min(demand[n] * burn, cpu.millicores());
    }

    /**
     * The CPU it would use now with the CPU to itself, in millicores: the profile's measured CPU at its requests in
     * service when the curve has it, else its size times the share of its capacity they take ({@code X(n) / X_max},
     * the same measure as its CPU utilization), times its CPU factor on a shared host and its warm-up's CPU, at most
     * its size.
     */
    double demand() {
        return use(service.size());
    }

    /** The share of its demand it gets from {@code now} on: the work done so far at the old share. */
    void share(double newShare, double now) {
        advance(now);
        this.share = newShare;
    }

    /**
     * Its warm-up {@code age} seconds after it became ready, from {@code now} on (the work done so far at the old
     * values): its speed {@code 1 / m(age)} and its CPU per unit of time {@code c(age) / m(age)}. Returns whether
     * either changed, so that its next completion is to be rescheduled.
     */
    boolean warm(ColdStart cold, double age, double now) {
        double m = cold.slowdown(age);
        double newSpeed = 1 / m;
        double newBurn = cold.cpuCost(age) / m;
        if (newSpeed == speed && newBurn == burn) {
            return false;
        }
        advance(now);
        this.speed = newSpeed;
        this.burn = newBurn;
        return true;
    }

    /** The share of its demand it gets now. */
    double share() {
        return share;
    }

    /** The request in service that arrived first, or -1; releases the slots of requests over before it. */
    int oldest() {
        while (!admitted.isEmpty() && requests.over[admitted.peek()]) {
            requests.free(admitted.poll());
        }
        return admitted.isEmpty() ? -1 : admitted.peek();
    }

    /** Ends request {@code r} (in service) at {@code now}: it leaves the queue; its slot is released later. */
    void end(int r, double now) {
        advance(now);
        service.remove(r);
        requests.over[r] = true;
    }

    /** Every request here, in service or waiting, each ended; the slots released (a kill or a forced drain end). */
    int[] endAll(double now) {
        advance(now);
        int[] inService = service.toArray();
        int[] all = new int[inService.length + waiting.size()];
        System.arraycopy(inService, 0, all, 0, inService.length);
        int k = inService.length;
        while (!waiting.isEmpty()) {
            all[k++] = waiting.poll();
        }
        service.clear();
        for (int r : inService) {
            requests.heapIndex[r] = -1;
            requests.over[r] = true;
        }
        while (!admitted.isEmpty()) {
            int r = admitted.poll();
            requests.free(r);
        }
        for (int i = inService.length; i < all.length; i++) {
            requests.free(all[i]);
        }
        return all;
    }

    /** Closes the current second: what it used becomes {@link #lastSecondMillicores} and its share of the CPU. */
    void closeSecond(double end) {
        advance(end);
        lastSecondMillicores = used;
        lastSecondUtilization = allocated == 0 ? 0 : Math.min(1, used / allocated);
        used = 0;
        allocated = 0;
    }
}
