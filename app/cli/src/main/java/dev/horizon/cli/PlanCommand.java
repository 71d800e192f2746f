package dev.horizon.cli;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.charts.PlanChart;
import dev.horizon.charts.TimelineChart;
import dev.horizon.config.AutoscaleConfig;
import dev.horizon.sim.engine.Simulation;
import dev.horizon.sim.plan.Candidate;
import dev.horizon.sim.plan.Candidates;
import dev.horizon.sim.plan.Clairvoyant;
import dev.horizon.sim.plan.PlanReport;
import dev.horizon.sim.plan.PlanRow;
import dev.horizon.sim.plan.Planner;
import dev.horizon.sim.plan.Recommendation;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code horizon plan -c horizon.yaml --trace TRACE [--model MODEL] [--slo-p95 300ms]}: simulates one service under
 * every strategy ({@link Candidates}) over the trace, beside the clairvoyant bound, and prints the table and a
 * recommendation (docs/capacity.md). The simulations run on every core, each on its own thread. {@code plan usl} and
 * {@code plan capacity} are the quick forms.
 */
@Command(name = "plan", description = {"Capacity planning, offline (docs/capacity.md).",
    "  plan -c horizon.yaml --trace TRACE  simulate a service under every strategy and recommend one",
    "  plan usl       fit the Universal Scalability Law to load-test measurements",
    "  plan capacity  the fewest instances that meet a p95 target (M/M/c, Erlang C)"},
    subcommands = {PlanUslCommand.class, PlanCapacityCommand.class})
final class PlanCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    SimOptions options = new SimOptions();

    @Option(names = "--budget", paramLabel = "SHARE", defaultValue = "1%",
        description = "the share of minutes (and of requests) a strategy may spend over the SLO and still meet it "
            + "(default: ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (a table and a sentence) or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "DIR",
        description = "also write each strategy's timeline (STRATEGY.csv) and the plan (plan.json) into DIR")
    @Nullable Path out;

    @Option(names = "--chart", paramLabel = "FILE",
        description = "also draw cost against minutes over the SLO for every strategy, as FILE.svg or FILE.png")
    @Nullable Path chart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = format.equals("json") ? spec.commandLine().getErr() : stdout;
        if (options.trace == null) {
            if (spec.commandLine().getParseResult().matchedOptions().isEmpty()) {
                spec.commandLine().usage(stdout);
                return 0;
            }
            return refuse("--trace: missing (expected: a trace CSV or a shape spec such as daily:base=30,peak=300; "
                + "or plan usl, plan capacity)");
        }
        Inputs in;
        try {
            in = inputs();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return refuse(e.getMessage());
        }
        progress.println("horizon plan: " + in.loaded().managed().service() + ", trace " + options.trace + " ("
            + in.loaded().trace().summary() + "), " + in.candidates().size() + " strategies"
            + options.arrivalsSuffix());
        progress.println(in.loaded().modelLine());
        options.printSetup(progress, null);
        List<Simulation.Result> results;
        try {
            results = simulate(in, progress);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        List<PlanRow> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            rows.add(Planner.row(in.candidates().get(i).name(), results.get(i).summary(), in.loaded().trace()));
        }
        Planner.Plan plan = Planner.of(rows, in.bound(), options.sloP95, in.budget(), in.verticalStop());
        try {
            write(plan, in, results);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        stdout.print(format.equals("json") ? PlanReport.json(plan) : PlanReport.text(plan));
        stdout.flush();
        return 0;
    }

    /**
     * What a plan needs before it simulates.
     *
     * @param loaded       the service, trace and model
     * @param candidates   the strategies
     * @param bound        the clairvoyant bound
     * @param budget       the share allowed over the SLO
     * @param verticalStop where vertical stops, or null
     */
    record Inputs(SimOptions.Loaded loaded, List<Candidate> candidates, Clairvoyant.Bound bound, double budget,
                  Recommendation.@Nullable VerticalStop verticalStop) {
    }

    private Inputs inputs() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("--format: '" + format + "' (expected: text or json)");
        }
        double share = PlanNumbers.share("--budget", budget);
        SimCommand.checkChart(chart);
        SimOptions.Loaded loaded = options.load();
        ScalingPolicy policy = SimSetup.policy(loaded.managed());
        AutoscaleConfig autoscale = loaded.managed().autoscale();
        Strategy strategy = autoscale == null ? Strategy.HORIZONTAL : autoscale.strategy();
        VerticalPolicy vertical = autoscale == null ? null : autoscale.vertical();
        Resources size = SimSetup.size(loaded.managed().instances());
        Candidate configured = new Candidate("as configured", strategy,
            strategy == Strategy.HORIZONTAL ? null : vertical, size, policy);
        List<Candidate> candidates = Candidates.of(configured, vertical, loaded.config().sizes(), loaded.model(),
            options.workers, loaded.trace());
        Clairvoyant.Bound bound = Clairvoyant.of(loaded.trace(), loaded.model(),
            Candidates.cheapestPerCpu(loaded.config().sizes()), options.workers);
        Recommendation.VerticalStop stop = null;
        VerticalPolicy v = candidates.stream().map(Candidate::vertical).filter(x -> x != null).findFirst()
            .orElse(null);
        if (v != null) {
            Cpu largest = v.maxCpu();
            stop = new Recommendation.VerticalStop(largest.toString(), Math.max(1, policy.min())
                * Candidates.perInstance(loaded.model(), new Resources(largest, null), options.workers, policy));
        }
        return new Inputs(loaded, candidates, bound, share, stop);
    }

    /** Runs every candidate, as many at once as there are cores, saying when each is done. */
    private List<Simulation.Result> simulate(Inputs in, PrintWriter progress) {
        int threads = Math.max(1, Math.min(in.candidates().size(), Runtime.getRuntime().availableProcessors()));
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Simulation.Result>> runs = new ArrayList<>();
            for (Candidate c : in.candidates()) {
                runs.add(pool.submit(() -> {
                    Simulation.Result r = Simulation.run(c.applyTo(options.builder(in.loaded(), c.policy()),
                        in.loaded().trace()).build());
                    synchronized (progress) {
                        progress.println(String.format(Locale.ROOT, "  %-24s simulated (%.1f s)", c.name(),
                            (System.nanoTime() - started) / 1e9));
                        progress.flush();
                    }
                    return r;
                }));
            }
            List<Simulation.Result> results = new ArrayList<>();
            for (Future<Simulation.Result> f : runs) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("a simulation failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted", e);
        }
    }

    private void write(Planner.Plan plan, Inputs in, List<Simulation.Result> results) throws IOException {
        Path dir = out;
        if (dir != null) {
            Files.createDirectories(dir);
            for (int i = 0; i < results.size(); i++) {
                AtomicFile.write(dir.resolve(in.candidates().get(i).name().replace(' ', '-') + ".csv"),
                    SimCommand.csv(results.get(i).timeline()));
            }
            AtomicFile.write(dir.resolve("plan.json"), PlanReport.json(plan));
        }
        Path image = chart;
        if (image != null) {
            List<PlanChart.Plan> points = new ArrayList<>();
            for (PlanRow r : plan.rows()) {
                points.add(new PlanChart.Plan(r.strategy(), r.costPerMonth(), r.minutesOverSlo()));
            }
            points.add(new PlanChart.Plan("clairvoyant bound", plan.bound().perMonth(), 0));
            PlanChart.writePlans(points, "cost per month ($)", image, TimelineChart.Options.DEFAULT
                .withTitle("horizon plan: " + options.trace).withSloP95(options.sloP95));
        }
    }

    private int refuse(@Nullable String message) {
        spec.commandLine().getErr().println("horizon plan: " + message);
        return Horizon.USAGE;
    }
}
