package dev.horizon.sim.engine;

import dev.horizon.sim.model.MmcQueue;
import dev.horizon.sizing.Cpu;
import java.util.List;

/**
 * One machine's CPU shared by every instance on it: when the instances together would use more than the host has
 * left for them, each gets the same fraction of what it would use, so together they use exactly what is left.
 *
 * <p>Implementation notes. This is generalized processor sharing across instances (Parekh and Gallager, 1993) with
 * each instance weighted by its own demand: an instance's demand is the CPU it would use with the CPU to itself,
 * its size times {@code X(n) / X_max} for the {@code n} requests it serves ({@link Instance#demand()}), and the
 * host's factor is {@code min(1, C / Σ demand)}. Linux's CFS gives each runnable thread an equal weight, so a
 * process's share grows with the threads it has running; a demand proportional to the requests in service is that
 * share while the instances' threads are busy. A starting instance demands the host's start CPU from its launch until
 * it is ready (a JVM's class loading, its JIT compiler and its framework's start: measured, two shop JVMs starting
 * together took about 2 CPU-seconds each on the reproduction's machine, {@code bench/sim/compare.py startcpu}), so a
 * scale-out under load first takes CPU from the instances already serving, as it does on one machine; it is 0 by
 * default. The rest of the machine can take more of it as requests arrive ({@link HostCpu#perRequest}), set each
 * second from the trace's rate. The factor changes whenever an instance's requests in service or a start does (or, each
 * second, a young instance's warm-up CPU), so the engine calls {@link #rebalance} after every event and reschedules
 * every instance when the factor moved.
 *
 * <p>With the machine's cores ({@link HostCpu#cores()}) the host also makes work wait for a core below its capacity:
 * a request whose work takes {@code S} alone waits {@code (stretch(ρ) − 1)·S} more ({@link #coreWait}), {@code ρ} the
 * host's utilization in the second before (the rest of the machine, the starts and the instances' CPU over its
 * cores), {@code stretch} M/M/c's mean response time over its service time, {@code 1 + C(c, cρ) / (c(1 − ρ))} with
 * {@code c} the cores (Erlang C, {@link MmcQueue}): the threads' bursts arrive at random and queue for the cores as
 * M/M/c's customers do. The stretch is a mean over time, so it is taken from the last whole second, as the machine's
 * CPU is sampled, and held for the next. M/M/c's is infinite at {@code ρ = 1}, where a closed system's threads —
 * clients waiting for their answers — cannot queue without bound: the stretch is held at its value at
 * {@value #HELD_FROM} above that, and past the host's capacity the fluid share above slows the instances further.
 * On the reproduction's 2-core machine the shop's warm instances took their time alone per request times 1.19, 1.39,
 * 2.10, 2.09 and 2.75 at a utilization of 0.4, 0.5, 0.6, 0.7 and 0.8 (M/M/2: 1.14, 1.28, 1.50, 1.89, 2.67), and
 * 3.28 and 3.69 at 0.9 and 1.0, where M/M/2 is 5.06 and infinite (six runs of {@code bench/sim/reproduce}, each
 * kind of request against its own mean in the seconds the machine was under 0.3 busy, and M/M/2 against its mean in
 * those seconds; {@code compare.py stretch}).
 *
 * <p>The wait is added to the request's latency, and the gateway counts the request in flight until it is over
 * ({@link Replies}: its place under the concurrency limit, its endpoint's in-flight count — which the balancer, the
 * {@code inflight} metric and a drain read — and its attempt), as the real gateway does while its answer waits; the
 * wait holds none of the instance's workers and takes no CPU. The instance's own competition for cores as its
 * requests in service grow is in its capacity curve already (the profile measured it on the same cores), and slowing
 * its service by the stretch as well compounded the two: on the six runs the simulated spike's p95 came out twice
 * the real one's. Much of the wait falls outside the instance's service anyway: in those runs the gateway's own p95
 * in the spike was 20 ms over what the shop logged for its requests, the gateway's and the shop's I/O threads waiting
 * for a core around each request.
 */
final class SharedHost {

    /** The utilization above which the stretch is held at its value there. */
    static final double HELD_FROM = 0.8;

    private final HostCpu spec;
    private final double startMillicores;
    private final int cores;
    private final double coreMillicores;
    private double millicores;
    private double stretch = 1;
    private double factor = 1;
    private int starting;
    private double since;
    /** The CPU the starting instances used since the second began, in millicore-seconds. */
    private double startUsed;

    /** A host as {@code spec} says, before any request is offered. */
    SharedHost(HostCpu spec) {
        this.spec = spec;
        this.startMillicores = spec.startMillicores();
        this.millicores = spec.millicoresAt(0);
        Cpu machine = spec.cores();
        this.coreMillicores = machine == null ? 0 : machine.millicores();
        this.cores = (int) (coreMillicores / 1000); // whole cores: HostCpu refuses a fraction
    }

    /**
     * {@code T/S} of M/M/{@code cores} at utilization {@code rho}: how many times its work alone a request takes on a
     * machine that busy, held at its value at {@link #HELD_FROM} above it.
     */
    static double stretch(int cores, double rho) {
        double held = Math.min(HELD_FROM, rho);
        return held <= 0 ? 1 : new MmcQueue(held * cores, 1, cores).meanResponseTime();
    }

    /**
     * The second that ended at {@code now}, in which the instances used {@code instances} millicore-seconds: with the
     * machine's cores, its utilization sets the next second's stretch.
     */
    void secondEnded(double instances, double now) {
        if (cores == 0) {
            return;
        }
        account(now);
        double rest = coreMillicores - millicores; // the second's: set from its offered rate
        stretch = stretch(cores, (rest + instances + startUsed) / coreMillicores);
        startUsed = 0;
    }

    /** The wait for a core now of a request whose work takes {@code alone} seconds alone: 0 without the cores. */
    double coreWait(double alone) {
        return (stretch - 1) * alone;
    }

    private void account(double now) {
        if (cores == 0) {
            return;
        }
        startUsed += (now - since) * starting * startMillicores * factor;
        since = now;
    }

    /** {@code rps} requests are offered in the second that begins: the rest of the machine takes its part. */
    void offered(double rps) {
        millicores = spec.millicoresAt(rps);
    }

    /** The fraction of its demand each instance gets when they demand {@code demand} millicores together. */
    double factor(double demand) {
        return demand <= millicores ? 1 : millicores / demand;
    }

    /**
     * Gives each of {@code instances} the host's factor from {@code now} on.
     *
     * @return whether any instance's share changed (its next completion moved)
     */
    boolean rebalance(List<Instance> instances, double now) {
        account(now);
        double demand = 0;
        int startingNow = 0;
        for (Instance i : instances) {
            if (i.state == Instance.State.STARTING) {
                demand += startMillicores;
                startingNow++;
            } else {
                demand += i.demand();
            }
        }
        starting = startingNow;
        factor = factor(demand);
        boolean changed = false;
        for (Instance i : instances) {
            if (i.share() != factor) {
                i.share(factor, now);
                changed = true;
            }
        }
        return changed;
    }
}
