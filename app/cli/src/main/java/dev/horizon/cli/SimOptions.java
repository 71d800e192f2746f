package dev.horizon.cli;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.config.ConfigException;
import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.duration.DurationText;
import dev.horizon.sim.engine.Arrivals;
import dev.horizon.sim.engine.ColdStart;
import dev.horizon.sim.engine.HostCpu;
import dev.horizon.sim.engine.Scenario;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.CapacityModelJson;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.Traces;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options {@code horizon sim} and {@code horizon plan} share: which service of which file, over which trace,
 * served as which model, with which fleet timings and concurrency; and the scenario they make.
 */
final class SimOptions {

    @Option(names = {"-c", "--config"}, description = "the configuration file (default: ${DEFAULT-VALUE})",
        defaultValue = "horizon.yaml")
    Path config;

    @Option(names = "--trace", paramLabel = "TRACE",
        description = "a trace CSV (seconds,rps) or a shape spec such as daily:base=30,peak=300 (docs/sim.md)")
    @Nullable String trace;

    @Option(names = "--service", paramLabel = "NAME",
        description = "the service to simulate (default: the only one with an instances block)")
    @Nullable String service;

    @Option(names = "--model", paramLabel = "MODEL.json",
        description = "the capacity model horizon profile wrote (default: assumed from --service-time)")
    @Nullable Path model;

    @Option(names = "--service-time", paramLabel = "S", defaultValue = "20ms",
        description = "without --model: the mean time of one request on one core (default: ${DEFAULT-VALUE})")
    Duration serviceTime;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "the seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--arrivals", paramLabel = "KIND", defaultValue = "poisson", description = "poisson: each second's "
        + "figure is a rate, requests arrive as a Poisson process at it; replay: it is a count, exactly that many "
        + "arrive at uniform times within the second — for a recorded trace such as horizon demo's trace.csv "
        + "(default: ${DEFAULT-VALUE})")
    String arrivals;

    @Option(names = "--slo-p95", paramLabel = "T", defaultValue = "300ms",
        description = "the p95 a minute should stay under, for the minutes over the SLO (default: ${DEFAULT-VALUE})")
    Duration sloP95;

    @Option(names = "--start-to-ready", paramLabel = "D", defaultValue = "5s",
        description = "from an instance's launch to its first passed readiness check (default: ${DEFAULT-VALUE})")
    Duration startToReady;

    @Option(names = "--resize-delay", paramLabel = "D", defaultValue = "1s",
        description = "from a decision to an instance running at the new CPU, in place (default: ${DEFAULT-VALUE})")
    Duration resizeDelay;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "200",
        description = "requests one instance serves at once, its worker threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "100",
        description = "requests one instance holds waiting for a worker before it refuses one (default: "
            + "${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--host-cpus", paramLabel = "CPU", description = "the instances share one machine of this CPU "
        + "(e.g. 2): together they never use more than it has left after --host-reserved, and an instance without a "
        + "CPU limit is simulated at the largest size the model measured, at most the host (default: no shared host, "
        + "each instance has its own CPU; docs/sim.md)")
    @Nullable String hostCpus;

    @Option(names = "--host-reserved", paramLabel = "CPU", defaultValue = "0", description = "with --host-cpus: the "
        + "CPU the gateway, the load and anything else on the machine take, e.g. 700m (default: ${DEFAULT-VALUE})")
    String hostReserved;

    @Option(names = "--host-start-cpu", paramLabel = "CPU", description = "with --host-cpus: the CPU a starting "
        + "instance takes of the host from its launch until it is ready (a JVM's start-up: class loading, JIT), e.g. "
        + "400m; a scale-out under load then takes it from the instances serving, as on one machine (default: none)")
    @Nullable String hostStartCpu;

    @Option(names = "--host-request-cpu", paramLabel = "D", description = "with --host-cpus: the CPU time the rest of "
        + "the machine (the gateway, the load, the database) spends on each request offered, e.g. 1.5ms; in a second "
        + "of r requests the instances then have r × D less than --host-reserved leaves them, which is then what the "
        + "rest takes idle (default: none, as 0s: the rest takes --host-reserved whatever the traffic)")
    @Nullable Duration hostRequestCpu;

    @Option(names = "--host-instance-cpu-factor", paramLabel = "K", description = "with --host-cpus: each instance "
        + "takes K times the CPU the model measured for its requests, at most its size, e.g. 1.3 when the instances "
        + "on this machine took 1.3 times the profiled instance's CPU per request; it slows them when the host is "
        + "short of CPU or an instance reaches its size (default: 1, as measured)")
    @Nullable Double hostInstanceCpuFactor;

    @Option(names = "--host-contention", description = "with --host-cpus: below its capacity the host still makes "
        + "work wait for a core, as M/M/c with c its cores at the last second's utilization ρ: every request waits "
        + "C(c, cρ) / (c(1 − ρ)) times its work alone more (held at its value at ρ = 0.8 above that; default: off, "
        + "nothing waits while the host has CPU to spare)")
    boolean hostContention;

    @Option(names = "--cold-factor", paramLabel = "X", defaultValue = "1", description = "a new instance's requests "
        + "cost X times the model's work when it becomes ready (a JVM before its JIT has compiled), the excess "
        + "decaying with --cold-decay, e.g. 2.5 (default: ${DEFAULT-VALUE}, no warm-up)")
    double coldFactor;

    @Option(names = "--cold-decay", paramLabel = "D", defaultValue = "10s", description = "with --cold-factor: the "
        + "time constant of the excess, which is 37 %% of itself after D (default: ${DEFAULT-VALUE})")
    Duration coldDecay;

    @Option(names = "--cold-cpu-factor", paramLabel = "X", description = "a new instance's requests take X times the "
        + "model's CPU when it becomes ready (a young JVM compiles on threads beside its requests), the excess "
        + "decaying with --cold-cpu-decay; on a shared host (--host-cpus) that CPU slows the other instances, e.g. 3 "
        + "(default: --cold-factor, the CPU following the time)")
    @Nullable Double coldCpuFactor;

    @Option(names = "--cold-cpu-decay", paramLabel = "D", description = "with --cold-cpu-factor: the time constant of "
        + "its excess (default: --cold-decay)")
    @Nullable Duration coldCpuDecay;

    /**
     * What the options name, loaded.
     *
     * @param config    the file
     * @param managed   the service
     * @param trace     the traffic
     * @param model     the capacity model
     * @param modelLine one line saying where the model came from
     */
    record Loaded(LoadedConfig config, ManagedService managed, Trace trace, CapacityModel model, String modelLine) {
    }

    /**
     * Loads the file, the service, the trace and the model.
     *
     * @throws IllegalArgumentException with a message for the user (a bad file, service, trace, model or option)
     */
    Loaded load() {
        String spec = trace;
        if (spec == null) {
            throw new IllegalArgumentException("--trace: missing (expected: a trace CSV or a shape spec such as "
                + "daily:base=30,peak=300)");
        }
        if (workers < 1 || workers > 100_000) {
            throw new IllegalArgumentException("--workers: " + workers + " (expected: 1..100000)");
        }
        if (queue < 0 || queue > 1_000_000) {
            throw new IllegalArgumentException("--queue: " + queue + " (expected: 0..1000000)");
        }
        Double factor = hostInstanceCpuFactor;
        if (factor != null && (!(factor > 0) || factor.isInfinite())) {
            throw new IllegalArgumentException("--host-instance-cpu-factor: " + factor + " (expected: a number > 0)");
        }
        coldStart(); // checked before anything is printed (plan prints the setup before it simulates)
        String machine = hostCpus;
        if (hostContention && machine != null && cpu("--host-cpus", machine).millicores() % 1000 != 0) {
            throw new IllegalArgumentException("--host-contention: --host-cpus " + machine + " (expected: whole "
                + "cores, the servers of their queue)");
        }
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ManagedService managed = SimSetup.service(loaded, service);
        Trace t;
        try {
            t = Traces.load(spec);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Path file = model;
        CapacityModel capacity = file == null ? assumed(managed.service()) : read(file);
        String line = file == null ? "model: assumed, " + DurationText.format(serviceTime) + " of one core per "
            + "request, a CPU-bound service (no --model; measure one with horizon profile)"
            : "model: " + file + " (" + capacity.curves().size() + " measured CPU size(s)" + mixText(capacity) + ")";
        return new Loaded(loaded, managed, t, capacity, line);
    }

    /** How the model's mix shapes each request's work, for the model's line; empty without a mix. */
    private static String mixText(CapacityModel capacity) {
        return capacity.serviceMix().map(m -> String.format(Locale.ROOT, "; each request's work from its mix of %d "
            + "kinds, mean %.1f ms alone, p95 %.1f × the mean (one exponential: 3.0)", capacity.mix().size(),
            m.meanMs(), m.quantile(0.95))).orElse("");
    }

    /** The scenario builder of {@code in}'s service under {@code policy}, with these options' settings. */
    Scenario.Builder builder(Loaded in, ScalingPolicy policy) {
        Scenario.Builder b = SimSetup.builder(in.config(), in.managed(), in.trace(), in.model(), policy,
            new Scenario.Timings(
                startToReady, Scenario.Timings.DEFAULT.warmup(), Scenario.Timings.DEFAULT.drainTimeout(),
                resizeDelay))
            .concurrency(workers, queue).seed(seed).sloP95(sloP95).arrivals(arrivalsOption());
        ColdStart cold = coldStart();
        if (cold != null) {
            b.coldStart(cold);
        }
        String host = hostCpus;
        if (host == null) {
            if (!hostReserved.equals("0")) {
                throw new IllegalArgumentException("--host-reserved: without --host-cpus (expected: both, or neither)");
            }
            String alone = hostStartCpu != null ? "--host-start-cpu" : hostRequestCpu != null ? "--host-request-cpu"
                : hostInstanceCpuFactor != null ? "--host-instance-cpu-factor"
                : hostContention ? "--host-contention" : null;
            if (alone != null) {
                throw new IllegalArgumentException(alone + ": without --host-cpus (it is a share of the host)");
            }
            return b;
        }
        Cpu machine = cpu("--host-cpus", host);
        long reserved = hostReserved.equals("0") ? 0 : cpu("--host-reserved", hostReserved).millicores();
        if (reserved >= machine.millicores()) {
            throw new IllegalArgumentException("--host-reserved: " + hostReserved + " (expected: less than --host-cpus "
                + host + ")");
        }
        HostCpu shared = HostCpu.of(Cpu.millicores(machine.millicores() - reserved));
        String start = hostStartCpu;
        if (start != null) {
            shared = shared.withStart(cpu("--host-start-cpu", start));
        }
        Duration perRequest = hostRequestCpu;
        if (perRequest != null && !perRequest.isZero()) {
            shared = shared.withPerRequest(perRequest);
        }
        Double factor = hostInstanceCpuFactor;
        if (factor != null) {
            shared = shared.withInstanceFactor(factor); // its range checked by load()
        }
        b.host(hostContention ? shared.withContention(machine) : shared);
        Resources size = in.managed().instances().resources();
        Cpu measured = in.model().curves().getLast().cpu();
        return size.cpu() == null ? b.size(size.withCpu(measured.compareTo(machine) < 0 ? measured : machine)) : b;
    }

    /** What the first line adds about the arrivals: nothing for Poisson ones. */
    String arrivalsSuffix() {
        return arrivalsOption() == Arrivals.REPLAY ? ", each second's count replayed" : "";
    }

    private Arrivals arrivalsOption() {
        try {
            return Arrivals.parse(arrivals);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arrivals: " + e.getMessage(), e);
        }
    }

    /** The warm-up of new instances the options ask for; null for none (both factors 1). */
    private @Nullable ColdStart coldStart() {
        checkCold("--cold-factor", coldFactor, "--cold-decay", coldDecay);
        Double cpuOption = coldCpuFactor;
        Duration cpuDecayOption = coldCpuDecay;
        if (cpuOption == null && cpuDecayOption != null) {
            throw new IllegalArgumentException("--cold-cpu-decay: without --cold-cpu-factor (expected: both, or the "
                + "factor alone, its decay --cold-decay's)");
        }
        double cpuFactor = cpuOption == null ? coldFactor : cpuOption;
        Duration cpuDecay = cpuDecayOption == null ? coldDecay : cpuDecayOption;
        checkCold("--cold-cpu-factor", cpuFactor, "--cold-cpu-decay", cpuDecay);
        return coldFactor > 1 || cpuFactor > 1 ? new ColdStart(coldFactor, coldDecay, cpuFactor, cpuDecay) : null;
    }

    private static void checkCold(String factorOption, double factor, String decayOption, Duration decay) {
        if (!(factor >= 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException(factorOption + ": " + factor + " (expected: a number >= 1; 1 is none)");
        }
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException(decayOption + ": " + DurationText.format(decay)
                + " (expected: more than 0s)");
        }
    }

    /**
     * Prints the warm-up's and the shared host's lines, each when set; with {@code scenario} (one simulation, not a
     * plan's several) the host's line ends with what it leaves the instances and their size.
     */
    void printSetup(PrintWriter out, @Nullable Scenario scenario) {
        String cold = coldLine();
        if (cold != null) {
            out.println(cold);
        }
        String host = hostLine();
        HostCpu shared = scenario == null ? null : scenario.host();
        if (host != null) {
            out.println(scenario == null || shared == null ? host : host + ": " + shared.left() + " for the instances"
                + (shared.perRequest().isZero() ? "" : " with no request offered") + ", each of "
                + scenario.size().cpu());
        }
    }

    /** The warm-up of new instances, for the output; null without one. */
    private @Nullable String coldLine() {
        Double cpu = coldCpuFactor;
        Duration cpuDecay = coldCpuDecay == null ? coldDecay : coldCpuDecay;
        String cpuPart = cpu == null ? "" : "; their CPU " + plain(cpu) + " times the model's, the excess decaying "
            + "with a time constant of " + DurationText.format(cpuDecay);
        if (coldFactor > 1) {
            return "cold start: a new instance's requests cost " + plain(coldFactor) + " times the work when it is "
                + "ready, the excess decaying with a time constant of " + DurationText.format(coldDecay) + cpuPart;
        }
        return cpu == null || cpu == 1 ? null : "cold start: a new instance's requests take " + plain(cpu) + " times "
            + "the model's CPU when it is ready, the excess decaying with a time constant of "
            + DurationText.format(cpuDecay) + " (as fast as a warm one's)";
    }

    private static String plain(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** The host's CPU left for the instances, for the output; null without a shared host. */
    private @Nullable String hostLine() {
        Duration perRequest = hostRequestCpu;
        return hostCpus == null ? null : "host: " + hostCpus + " CPU shared by the instances, " + hostReserved
            + " of it taken by the rest of the machine" + (perRequest == null || perRequest.isZero() ? ""
            : " and " + DurationText.format(perRequest) + " of CPU more for each request offered")
            + (hostStartCpu == null ? "" : ", " + hostStartCpu + " by each instance while it starts")
            + (hostInstanceCpuFactor == null ? "" : ", each instance taking " + plain(hostInstanceCpuFactor)
                + " times the model's CPU") + (hostContention ? ", its cores a queue" : "");
    }

    private static Cpu cpu(String option, String text) {
        try {
            return Cpu.parse(text);
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(option + ": " + (why.startsWith("(") ? text + " " + why : why), e);
        }
    }

    private CapacityModel assumed(String name) {
        if (!serviceTime.isPositive()) {
            throw new IllegalArgumentException("--service-time: " + DurationText.format(serviceTime)
                + " (expected: more than 0)");
        }
        return CapacityModel.assumed(name, serviceTime.toNanos() / 1e6);
    }

    private static CapacityModel read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return CapacityModelJson.read(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
