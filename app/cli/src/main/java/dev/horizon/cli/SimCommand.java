package dev.horizon.cli;

import dev.horizon.charts.TimelineChart;
import dev.horizon.charts.TimelineCsv;
import dev.horizon.duration.DurationText;
import dev.horizon.sim.engine.Kill;
import dev.horizon.sim.engine.Scenario;
import dev.horizon.sim.engine.Simulation;
import dev.horizon.sim.engine.Summary;
import dev.horizon.sim.engine.Timeline;
import dev.horizon.sim.engine.Window;
import dev.horizon.sim.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SimOptions options = new SimOptions();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sim-out",
        description = "where timeline.csv and summary.json go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--chart", paramLabel = "FILE",
        description = "also draw the run (requests per second, instances, p95 over time) as FILE.svg or FILE.png")
    @Nullable Path chart;

    @Option(names = "--compare", paramLabel = "RECORDED.csv", description = "with --chart: also draw this recorded "
        + "timeline (same columns, e.g. horizon demo's instances.csv) in the chart, over the simulated one")
    @Nullable Path compare;

    @Option(names = "--kill", paramLabel = "T", description = "kill one instance (the oldest in service) at this "
        + "time from the start, e.g. 2h30m; repeatable")
    List<Duration> kills = new ArrayList<>();

    @Option(names = "--window", paramLabel = "NAME=FROM..TO", description = "also report the latencies of the "
        + "requests that ended between FROM and TO (times from the start, e.g. spike=36s..63s), in the output and in "
        + "summary.json's windows: a phase of a recorded run, to compare with the p95 its clients measured; repeatable")
    List<String> windows = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private dev.horizon.charts.@Nullable Timeline recorded;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        Scenario scenario;
        try {
            SimOptions.Loaded in = options.load();
            Scenario.Builder b = options.builder(in, SimSetup.policy(in.managed()));
            kills.forEach(k -> b.kill(new Kill(k)));
            windows.forEach(w -> b.window(window(w)));
            scenario = b.build();
            checkChart(chart);
            recorded = recorded(chart, compare);
            stdout.println("horizon sim: " + in.managed().service() + ", trace " + options.trace + " ("
                + in.trace().summary() + "), seed " + options.seed + options.arrivalsSuffix());
            stdout.println(in.modelLine());
            String limit = SimSetup.limitLine(in.config(), in.managed().service());
            if (limit != null) {
                stdout.println(limit);
            }
            options.printSetup(stdout, scenario);
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

    /** Writes the outputs into {@code --out} ({@code timeline.csv}, {@code summary.json}), and the chart. */
    private void write(Simulation.Result result) throws IOException {
        Path timeline = out.resolve("timeline.csv");
        AtomicFile.write(timeline, csv(result.timeline()));
        AtomicFile.write(out.resolve("summary.json"), result.summary().toJson() + "\n");
        Path image = chart;
        if (image != null) {
            dev.horizon.charts.Timeline simulated = TimelineCsv.read(timeline);
            dev.horizon.charts.Timeline real = recorded;
            List<dev.horizon.charts.Timeline> runs = real == null ? List.of(simulated)
                : List.of(real.named("recorded"), simulated.named("simulated"));
            TimelineChart.write(runs, image, TimelineChart.Options.DEFAULT
                .withTitle("horizon sim: " + options.trace).withSloP95(options.sloP95));
        }
    }

    /** {@code timeline} as its CSV text. */
    static String csv(Timeline timeline) {
        StringWriter text = new StringWriter(timeline.seconds() * 64);
        try {
            timeline.writeCsv(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Refuses a chart file the charts module could not write, before the simulation runs. */
    static void checkChart(@Nullable Path image) {
        if (image == null) {
            return;
        }
        String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new IllegalArgumentException("--chart: " + image + " (expected: a file ending in .svg or .png)");
        }
    }

    /** The {@code --compare} timeline, read before the simulation runs; it needs {@code --chart}. */
    static dev.horizon.charts.@Nullable Timeline recorded(@Nullable Path image, @Nullable Path file) {
        if (file == null) {
            return null;
        }
        if (image == null) {
            throw new IllegalArgumentException("--compare: " + file + " (expected: with --chart FILE, where it is "
                + "drawn)");
        }
        return TimelineCsv.read(file);
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
        stdout.println(String.format(Locale.ROOT, "requests %,d: served %,d, rejected %,d%s, timed out %,d%s",
            s.requests(), s.served(), s.rejected(), s.shed() == 0 ? "" : String.format(Locale.ROOT,
                " (%,d shed by the concurrency limit)", s.shed()), s.timedOut(),
            s.unfinished() == 0 ? "" : String.format(Locale.ROOT, ", %,d in flight at the end", s.unfinished())));
        stdout.println(String.format(Locale.ROOT, "latency p50 %s, p95 %s, p99 %s; %d minute(s) with p95 over the SLO "
            + "%s", ms(s.p50Ms()), ms(s.p95Ms()), ms(s.p99Ms()), s.minutesOverSlo(),
            DurationText.format(options.sloP95)));
        stdout.println(String.format(Locale.ROOT, "fleet: peak %d instances, largest %dm, %.1f instance-hours, "
            + "$%.2f", s.peakInstances(), s.peakCpu(), s.instanceHours(), s.cost()));
        List<Summary.Change> changes = s.decisions();
        stdout.println("autoscaler: " + changes.size() + " decision(s) that changed the fleet" + (changes.isEmpty()
            ? "" : ", the first at " + Trace.time((int) changes.getFirst().time()) + ": "
            + change(changes.getFirst())));
        for (Summary.WindowLatency w : s.windows()) {
            stdout.println(String.format(Locale.ROOT,
                "window %s (%s..%s): %,d served, %,d shed, %,d failed; p50 %s, p95 %s, p99 %s", w.window().name(),
                seconds(w.window().start()), seconds(w.window().end()), w.served(), w.shed(), w.failed(),
                ms(w.p50Ms()), ms(w.p95Ms()), ms(w.p99Ms())));
        }
        // the CPU time of the simulating thread too: on a busy machine the wall time says little about the engine
        stdout.println(String.format(Locale.ROOT, "simulated %,d requests in %.1f s, %.1f s of CPU (%,.0f requests "
            + "per second of CPU)", s.requests(), wall, cpu, s.requests() / Math.max(cpu, 1e-9)));
        stdout.println("wrote " + out.resolve("timeline.csv") + " and " + out.resolve("summary.json")
            + (chart == null ? "" : " and " + chart));
    }

    /** {@code 2 → 3}, {@code 500m/- → 1000m/-}, or both. */
    private static String change(Summary.Change c) {
        String count = c.from() + " → " + c.to();
        String size = c.sizeBefore() + " → " + c.size();
        return c.sizeBefore().equals(c.size()) ? count : c.from() == c.to() ? size : size + ", " + count;
    }

    /** {@code spike=36s..63s} as a window; a clear error naming the option otherwise. */
    static Window window(String text) {
        int eq = text.indexOf('=');
        int dots = text.indexOf("..", eq + 1);
        if (eq <= 0 || dots < 0) {
            throw new IllegalArgumentException("--window: " + text
                + " (expected: NAME=FROM..TO, e.g. spike=36s..63s)");
        }
        try {
            return new Window(text.substring(0, eq), DurationText.parse(text.substring(eq + 1, dots)).toNanos() / 1e9,
                DurationText.parse(text.substring(dots + 2)).toNanos() / 1e9);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--window: " + text + " (expected: NAME=FROM..TO with FROM before TO, "
                + "e.g. spike=36s..63s)", e);
        }
    }

    private static String seconds(double s) {
        return DurationText.format(Duration.ofNanos(Math.round(s * 1e9)));
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1fms", v);
    }

    private int refuse(@Nullable String message) {
        spec.commandLine().getErr().println("horizon sim: " + message);
        return Horizon.USAGE;
    }
}
