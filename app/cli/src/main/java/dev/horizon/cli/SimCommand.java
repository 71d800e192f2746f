package dev.horizon.cli;

import dev.horizon.config.ConfigException;
import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.duration.DurationText;
import dev.horizon.sim.engine.Kill;
import dev.horizon.sim.engine.Scenario;
import dev.horizon.sim.engine.Simulation;
import dev.horizon.sim.engine.Summary;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.CapacityModelJson;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code horizon sim -c horizon.yaml --trace TRACE [--service NAME] [--model MODEL.json] [--seed N] [--out DIR]
 * [--slo-p95 300ms]}: runs one service of the file through the simulator (docs/sim.md) — its autoscale policy,
 * strategy, instances block and balancing algorithm — over a trace, writes {@code DIR/timeline.csv} and
 * {@code DIR/summary.json}, and prints a short summary, with progress on a trace longer than an hour. Without
 * {@code --model} the capacity is assumed from {@code --service-time}, and the output says so.
 */
@Command(name = "sim", description = {
    "Simulate a service of horizon.yaml over a traffic trace: the real balancer and autoscaler on a virtual clock "
        + "(docs/sim.md).",
    "Writes DIR/timeline.csv (one row per second) and DIR/summary.json, and prints a summary."})
final class SimCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "the configuration file (default: ${DEFAULT-VALUE})",
        defaultValue = "horizon.yaml")
    Path config;

    @Option(names = "--trace", required = true, paramLabel = "TRACE",
        description = "a trace CSV (seconds,rps) or a shape spec such as daily:base=30,peak=300 (docs/sim.md)")
    String trace;

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

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sim-out",
        description = "where timeline.csv and summary.json go (default: ${DEFAULT-VALUE})")
    Path out;

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

    @Option(names = "--kill", paramLabel = "T", description = "kill one instance (the oldest in service) at this "
        + "time from the start, e.g. 2h30m; repeatable")
    List<Duration> kills = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            return refuse(e.getMessage());
        }
        if (workers < 1 || workers > 100_000) {
            return refuse("--workers: " + workers + " (expected: 1..100000)");
        }
        if (queue < 0 || queue > 1_000_000) {
            return refuse("--queue: " + queue + " (expected: 0..1000000)");
        }
        Scenario scenario;
        String modelLine;
        try {
            ManagedService managed = SimSetup.service(loaded, service);
            Trace t = Traces.load(trace);
            CapacityModel capacity = model == null ? assumed(managed.service()) : read(model);
            modelLine = model == null ? "model: assumed, " + DurationText.format(serviceTime) + " of one core per "
                + "request, a CPU-bound service (no --model; measure one with horizon profile)"
                : "model: " + model + " (" + capacity.curves().size() + " measured CPU size(s))";
            Scenario.Builder b = SimSetup.builder(loaded, managed, t, capacity, new Scenario.Timings(startToReady,
                Scenario.Timings.DEFAULT.warmup(), Scenario.Timings.DEFAULT.drainTimeout(), resizeDelay));
            b.concurrency(workers, queue).seed(seed).sloP95(sloP95);
            kills.forEach(k -> b.kill(new Kill(k)));
            scenario = b.build();
            stdout.println("horizon sim: " + managed.service() + ", trace " + trace + " (" + t.summary() + "), seed "
                + seed);
            stdout.println(modelLine);
            Files.createDirectories(out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return refuse(e.getMessage());
        } catch (IOException e) {
            return refuse(out + ": cannot create the directory: " + e.getMessage());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        Simulation.Result result = Simulation.run(scenario, progress(stdout, started));
        double wall = (System.nanoTime() - started) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        try {
            write(result);
        } catch (IOException | UncheckedIOException e) {
            return refuse(e.getMessage());
        }
        report(stdout, result.summary(), wall, cpu);
        return 0;
    }

    /**
     * Writes the outputs into {@code --out}: {@code timeline.csv} and {@code summary.json}. The hook for a chart
     * ({@code --chart FILE}: instances, rps and p95 over time, from {@code result.timeline()}) belongs here.
     */
    private void write(Simulation.Result result) throws IOException {
        result.timeline().writeCsv(out.resolve("timeline.csv"));
        Files.writeString(out.resolve("summary.json"), result.summary().toJson() + "\n", StandardCharsets.UTF_8);
    }

    private CapacityModel assumed(String name) {
        if (serviceTime.isZero()) {
            throw new IllegalArgumentException("--service-time: 0s (expected: more than 0)");
        }
        return CapacityModel.assumed(name, serviceTime.toNanos() / 1e6);
    }

    private static CapacityModel read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return CapacityModelJson.read(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every simulated hour of a trace longer than an hour: how far, how many requests, how long it has taken. */
    private static Simulation.Listener progress(PrintWriter stdout, long started) {
        return new Simulation.Listener() {
            @Override
            public void progress(int second, int seconds, long requests) {
                if (seconds > 3600 && second < seconds) {
                    stdout.println(String.format(Locale.ROOT, "  %s of %s simulated, %,d requests (%.1f s)",
                        Trace.time(second), Trace.time(seconds), requests, (System.nanoTime() - started) / 1e9));
                }
            }
        };
    }

    private void report(PrintWriter stdout, Summary s, double wall, double cpu) {
        stdout.println(String.format(Locale.ROOT, "requests %,d: served %,d, rejected %,d, timed out %,d%s",
            s.requests(), s.served(), s.rejected(), s.timedOut(),
            s.unfinished() == 0 ? "" : String.format(Locale.ROOT, ", %,d in flight at the end", s.unfinished())));
        stdout.println(String.format(Locale.ROOT, "latency p50 %s, p95 %s, p99 %s; %d minute(s) with p95 over the SLO "
            + "%s", ms(s.p50Ms()), ms(s.p95Ms()), ms(s.p99Ms()), s.minutesOverSlo(), DurationText.format(sloP95)));
        stdout.println(String.format(Locale.ROOT, "fleet: peak %d instances, largest %dm, %.1f instance-hours, "
            + "$%.2f", s.peakInstances(), s.peakCpu(), s.instanceHours(), s.cost()));
        List<Summary.Change> changes = s.decisions();
        stdout.println("autoscaler: " + changes.size() + " decision(s) that changed the fleet" + (changes.isEmpty()
            ? "" : ", the first at " + Trace.time((int) changes.getFirst().time()) + ": "
            + change(changes.getFirst())));
        // the CPU time of the simulating thread too: on a busy machine the wall time says little about the engine
        stdout.println(String.format(Locale.ROOT, "simulated %,d requests in %.1f s, %.1f s of CPU (%,.0f requests "
            + "per second of CPU)", s.requests(), wall, cpu, s.requests() / Math.max(cpu, 1e-9)));
        stdout.println("wrote " + out.resolve("timeline.csv") + " and " + out.resolve("summary.json"));
    }

    /** {@code 2 → 3}, {@code 500m/- → 1000m/-}, or both. */
    private static String change(Summary.Change c) {
        String count = c.from() + " → " + c.to();
        String size = c.sizeBefore() + " → " + c.size();
        return c.sizeBefore().equals(c.size()) ? count : c.from() == c.to() ? size : size + ", " + count;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1fms", v);
    }

    private int refuse(@Nullable String message) {
        spec.commandLine().getErr().println("horizon sim: " + message);
        return Horizon.USAGE;
    }
}
