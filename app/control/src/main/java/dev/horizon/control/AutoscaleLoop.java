package dev.horizon.control;

import dev.horizon.autoscale.Autoscaler;
import dev.horizon.autoscale.InstanceUsage;
import dev.horizon.autoscale.Phase;
import dev.horizon.autoscale.Shape;
import dev.horizon.autoscale.Strategy;
import dev.horizon.config.AutoscaleConfig;
import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.DecisionLog;
import dev.horizon.autoscale.FleetFacts;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.autoscale.LoadHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs one service's autoscaler every control period: reads the metrics, evaluates, and sets the fleet's desired
 * count and, with a strategy other than {@code horizontal}, its instances' size (one evaluation decides both, so they
 * never fight). Everything that touches the {@link Autoscaler} runs on this loop's one thread, so it needs no lock;
 * the decision log is read from other threads through its own lock.
 *
 * <p>With a predictive policy the autoscaler's load history is restored from its {@link LoadHistoryFile} when the loop
 * starts, written there after the first evaluation of every minute, and once more when the loop closes, so a restart
 * of Horizon keeps the days of history a forecast needs.
 */
final class AutoscaleLoop implements AutoCloseable {

    private final String service;
    private final Autoscaler autoscaler;
    private final ScaleTarget fleet;
    private final Map<String, MetricFeed> feeds;
    private final Clock clock;
    private final PrintWriter log;
    private final ScheduledExecutorService thread;
    private final @Nullable LoadHistoryFile historyFile;
    private boolean holding;
    private long savedMinute = Long.MIN_VALUE;

    /**
     * Starts evaluating every period of {@code config}; the loop owns {@code feeds} and closes them with itself.
     *
     * @param historyFile where the load history is kept across restarts (with a predictive policy); null: nowhere
     */
    AutoscaleLoop(String service, AutoscaleConfig config, ScaleTarget fleet, Map<String, MetricFeed> feeds,
        Clock clock, PrintWriter log, @Nullable LoadHistoryFile historyFile) {
        this.service = service;
        this.autoscaler = new Autoscaler(config.policy(), config.strategy(), config.vertical());
        ScalingPolicy policy = config.policy();
        this.fleet = fleet;
        this.feeds = Map.copyOf(feeds);
        this.clock = clock;
        this.log = log;
        this.historyFile = historyFile;
        restoreHistory();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
            .name("horizon-autoscale-" + service).unstarted(r));
        long period = policy.period().toNanos();
        thread.scheduleAtFixedRate(this::evaluate, period, period, TimeUnit.NANOSECONDS);
    }

    private void evaluate() {
        try {
            FleetStatus status = fleet.status();
            if (holdWhileReplacing(status)) {
                return;
            }
            Instant now = clock.instant();
            Map<String, MetricReading> readings = new LinkedHashMap<>();
            feeds.forEach((name, feed) -> readings.put(name, feed.read(status)));
            int current = status.desired();
            FleetFacts facts = new FleetFacts(status.ready(), status.starting(), status.warming());
            Decision d = autoscaler.strategy() == Strategy.HORIZONTAL
                ? autoscaler.evaluate(now, current, readings, facts)
                : autoscaler.evaluate(now, new Shape(status.size(), current), readings, facts, usage(status));
            if (d.changes()) {
                log.println("horizon: " + service + " " + DecisionLog.line(d, ZoneOffset.UTC));
            }
            if (d.resizes()) {
                apply("resize to " + d.sizing().after().brief(), () -> fleet.resize(d.sizing().after(), null));
            }
            if (d.scales()) {
                apply("scale to " + d.desired(), () -> fleet.setDesired(d.desired()));
            }
            long minute = Math.floorDiv(now.getEpochSecond(), 60);
            if (minute != savedMinute) {
                savedMinute = minute;
                saveHistory();
            }
            log.flush();
        } catch (RuntimeException e) {
            log.println("horizon: " + service + ": autoscaler evaluation failed: " + e.getMessage());
            log.flush();
        }
    }

    /**
     * Whether to skip this period: under a vertical strategy, while a resize replaces instances one at a time, the
     * instances run two sizes and the service's size is the one it is going to; the autoscaler waits until the
     * replacement is over (said once), as it holds a scale-in while instances start.
     */
    private boolean holdWhileReplacing(FleetStatus status) {
        String replacing = status.replacing();
        boolean hold = replacing != null && autoscaler.strategy() != Strategy.HORIZONTAL;
        if (hold && !holding) {
            log.println("horizon: " + service + ": the autoscaler waits while a resize replaces instances ("
                + replacing + ")");
            log.flush();
        }
        holding = hold;
        return hold;
    }

    /** Carries out one dimension of a decision; a failure is logged and leaves the other dimension alone. */
    private void apply(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.println("horizon: " + service + ": the autoscaler's " + what + " failed: " + e.getMessage());
        }
    }

    /** Replaces the autoscaler's empty load history with the one kept on disk, if any; a bad file is reported. */
    private void restoreHistory() {
        LoadHistoryFile file = historyFile;
        LoadHistory empty = autoscaler.loadHistory();
        if (file == null || empty == null) {
            return;
        }
        try {
            LoadHistory kept = file.read(empty.retention());
            if (kept != null) {
                autoscaler.restoreLoadHistory(kept);
                Instant oldest = kept.oldest();
                log.println("horizon: " + service + ": load history restored from " + file.path() + " ("
                    + kept.minutes() + (kept.minutes() == 1 ? " minute" : " minutes")
                    + (oldest == null ? "" : " since " + oldest) + ")");
            }
        } catch (IOException | IllegalArgumentException e) {
            log.println("horizon: " + service + ": load history " + file.path() + " not restored (" + e.getMessage()
                + "); starting a new one" + file.setAside());
        }
        log.flush();
    }

    /** Writes the load history to its file, if there is one of each; a failure is logged. */
    private void saveHistory() {
        LoadHistoryFile file = historyFile;
        LoadHistory history = autoscaler.loadHistory();
        if (file == null || history == null) {
            return;
        }
        try {
            file.write(history);
        } catch (IOException e) {
            log.println("horizon: " + service + ": load history not written to " + file.path() + ": " + e);
            log.flush();
        }
    }

    /** Each running instance's CPU (millicores) and memory (bytes) now, for the vertical recommender. */
    private static List<InstanceUsage> usage(FleetStatus status) {
        List<InstanceUsage> usage = new ArrayList<>();
        for (InstanceStatus i : status.instances()) {
            if (MetricCollector.phase(i) == Phase.RUNNING && i.cpuMillicores().isPresent()) {
                usage.add(new InstanceUsage(i.id(), i.cpuMillicores().getAsLong(),
                    i.memoryBytes().isPresent() ? i.memoryBytes().getAsLong() : null));
            }
        }
        return usage;
    }

    /** Tells the autoscaler about an operator's scale, so its rate limits count it; waits until it has. */
    void recordScale(int from, int to) {
        run(() -> autoscaler.recordScale(clock.instant(), from, to));
    }

    /** Applies a reloaded policy and strategy; the history and the decision log stay. */
    void reconfigure(AutoscaleConfig config) {
        run(() -> autoscaler.reconfigure(config.policy(), config.strategy(), config.vertical()));
    }

    Strategy strategy() {
        return autoscaler.strategy();
    }

    ScalingPolicy policy() {
        return autoscaler.policy();
    }

    java.util.Optional<Decision> lastScaling() {
        return autoscaler.log().entries().reversed().stream().map(DecisionLog.Entry::decision)
            .filter(Decision::changes).findFirst();
    }

    /** The decisions that changed the count or the size, oldest first. */
    List<Decision> scalings() {
        return autoscaler.log().entries().stream().map(DecisionLog.Entry::decision).filter(Decision::changes).toList();
    }

    /** The latest decision, or null before the first evaluation. */
    @Nullable Decision latest() {
        List<DecisionLog.Entry> entries = autoscaler.log().entries();
        return entries.isEmpty() ? null : entries.getLast().decision();
    }

    String decisionsJson() {
        return autoscaler.log().toJson();
    }

    String explain() {
        return autoscaler.log().explain();
    }

    private void run(Runnable task) {
        try {
            thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops evaluating, waits (up to 5 s) for an evaluation under way, writes the load history (when no evaluation is
     * still running), then closes the metric feeds.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        boolean stopped = false;
        try {
            stopped = thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopped) {
            saveHistory();
        }
        feeds.values().forEach(MetricFeed::close);
    }
}
