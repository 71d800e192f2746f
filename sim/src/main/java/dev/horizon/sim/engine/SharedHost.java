package dev.horizon.sim.engine;

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
 * second from the trace's rate. The factor changes whenever an instance's requests in service or a start does, so
 * the engine calls {@link #rebalance} after every event and reschedules every instance when the factor moved.
 */
final class SharedHost {

    private final HostCpu spec;
    private final double startMillicores;
    private double millicores;

    /** A host as {@code spec} says, before any request is offered. */
    SharedHost(HostCpu spec) {
        this.spec = spec;
        this.startMillicores = spec.startMillicores();
        this.millicores = spec.millicoresAt(0);
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
        double demand = 0;
        for (Instance i : instances) {
            demand += i.state == Instance.State.STARTING ? startMillicores : i.demand();
        }
        double next = factor(demand);
        boolean changed = false;
        for (Instance i : instances) {
            if (i.share() != next) {
                i.share(next, now);
                changed = true;
            }
        }
        return changed;
    }
}
