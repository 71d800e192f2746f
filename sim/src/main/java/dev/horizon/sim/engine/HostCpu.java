package dev.horizon.sim.engine;

import dev.horizon.duration.DurationText;
import dev.horizon.sizing.Cpu;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One machine's CPU the instances share ({@link Scenario.Builder#host}): what is left for them, what a starting
 * instance takes of it, and what the rest of the machine spends on each request.
 *
 * <p>Implementation notes. On one machine the gateway, the load generator and the database run beside the instances
 * and their CPU follows the traffic: on the reproduction's machine the rest took about 150m idle and 1.5 ms of CPU per
 * request more (a least-squares line through the demo's seconds, {@code bench/sim/compare.py reserved}), so 220m in
 * a calm of 50 req/s and 560m in a spike of 270. A constant reservation measured in the spike leaves the instances too
 * little in the calm; one measured in the calm, too much in the spike. With {@code perRequest} the instances have
 * {@code left − r·perRequest} in a second with {@code r} requests offered (the trace's rate: a request the gateway
 * sheds costs it too), never less than a tenth of {@code left} — Linux's CFS gives the instances' runnable threads
 * their share however busy the rest is; the tenth stands for that share, it is not measured.
 *
 * <p>The instances themselves may take more (or less) CPU per request on the shared host than the profile measured
 * of one instance alone ({@code instanceFactor}; {@code bench/sim/compare.py instcpu}: a least-squares line of each
 * warm instance's CPU over the requests it logged each second, against the profile's first point). On the
 * reproduction's machine a warm instance took 0.83–1.0 times the profiled one's CPU per request; all the instances
 * together took 1.2–1.5 times it in a spike, the difference being the starts ({@code start}) and the young instances'
 * JIT ({@link ColdStart#cpuCost}), which are charged apart. The factor multiplies each instance's demand
 * ({@link Instance#demand()}) up to its size, which a CPU limit holds it to (then its requests progress at
 * {@code size / (K·d)} of their rate), so it costs nothing while the host has CPU to spare and the instance is under
 * its size, and divides the instances' speed when the host has not. The CPU the instances report (their
 * utilization, a CPU policy's metric, rightsizing) is what they use, the factor included.
 *
 * <p>Below its capacity a busy machine still makes every piece of work wait for a core now and then ({@code cores}):
 * its threads' bursts arrive at random, so at a utilization {@code ρ} they queue as an M/M/c queue's customers do, and
 * each request waits {@code C(c, cρ) / (c(1 − ρ))} times its work alone more (Erlang C; {@link SharedHost}).
 *
 * @param left       what the instances have with no request arriving (the cores less what the rest takes idle)
 * @param start      what each starting instance takes of it from its launch until it is ready (a JVM's class loading
 *                   and JIT); null: nothing
 * @param perRequest the CPU time the rest of the machine spends on each request offered; zero: the rest is constant
 * @param instanceFactor how many times the CPU the model measured an instance takes for its requests here, above 0
 *                   (1: as measured)
 * @param cores      the machine's cores, whole ones, whose queue every request waits in at the host's utilization;
 *                   null: no queue (the instances get their demand while the host has it, and nothing waits below it)
 */
public record HostCpu(Cpu left, @Nullable Cpu start, Duration perRequest, double instanceFactor,
    @Nullable Cpu cores) {

    /** Validates the parts. */
    public HostCpu {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(perRequest, "perRequest");
        if (perRequest.isNegative()) {
            throw new IllegalArgumentException("host CPU per request: " + DurationText.format(perRequest)
                + " (expected: 0s or more)");
        }
        if (!(instanceFactor > 0) || !Double.isFinite(instanceFactor)) {
            throw new IllegalArgumentException("instance CPU factor: " + instanceFactor + " (expected: a number > 0)");
        }
        if (cores != null && cores.compareTo(left) < 0) {
            throw new IllegalArgumentException("host cores: " + cores + " (expected: at least the " + left
                + " left for the instances)");
        }
        if (cores != null && cores.millicores() % 1000 != 0) {
            throw new IllegalArgumentException("host cores: " + cores + " (expected: whole cores, the servers of "
                + "their queue)");
        }
    }

    /** {@code left} for the instances, starts and requests taking nothing of it. */
    public static HostCpu of(Cpu left) {
        return new HostCpu(left, null, Duration.ZERO, 1, null);
    }

    /** The same host with each starting instance taking {@code cpu}. */
    public HostCpu withStart(Cpu cpu) {
        return new HostCpu(left, Objects.requireNonNull(cpu, "cpu"), perRequest, instanceFactor, cores);
    }

    /** The same host with the rest of the machine spending {@code cpu} on each request offered. */
    public HostCpu withPerRequest(Duration cpu) {
        return new HostCpu(left, start, cpu, instanceFactor, cores);
    }

    /** The same host with each instance taking {@code factor} times the CPU the model measured for its requests. */
    public HostCpu withInstanceFactor(double factor) {
        return new HostCpu(left, start, perRequest, factor, cores);
    }

    /** The same host with the queue of its {@code machine} cores stretching every request ({@link SharedHost}). */
    public HostCpu withContention(Cpu machine) {
        return new HostCpu(left, start, perRequest, instanceFactor, Objects.requireNonNull(machine, "machine"));
    }

    /** What a starting instance takes, in millicores (0 without a start CPU). */
    public double startMillicores() {
        Cpu s = start;
        return s == null ? 0 : s.millicores();
    }

    /** The millicores the instances have in a second with {@code rps} requests offered. */
    public double millicoresAt(double rps) {
        double l = left.millicores();
        return Math.max(l / 10, l - rps * perRequest.toNanos() / 1e6);
    }
}
