package dev.horizon.sim.engine;

import dev.horizon.autoscale.LoadHistory;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.StepPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.balance.Algorithm;
import dev.horizon.duration.DurationText;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.SizeCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one simulation runs: the traffic, how fast an instance serves, the policy that scales it, and the
 * fleet's timings. Immutable; built with {@link #builder(Trace, CapacityModel, ScalingPolicy)}, every other setting at
 * the default its builder method documents.
 */
public final class Scenario {

    /** The instant the trace's second 0 is: Monday 2024-01-01 00:00 UTC, so a weekday cron means what it says. */
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

    private final Trace trace;
    private final CapacityModel model;
    private final ScalingPolicy policy;
    private final Strategy strategy;
    private final @Nullable VerticalPolicy vertical;
    private final Map<String, MetricSource> sources;
    private final Resources size;
    private final int count;
    private final Algorithm balance;
    private final Timings timings;
    private final ResizePolicy resizePolicy;
    private final int workers;
    private final int queue;
    private final Duration requestTimeout;
    private final SizeCatalog catalog;
    private final List<Kill> kills;
    private final List<Window> windows;
    private final long seed;
    private final Arrivals arrivals;
    private final Instant start;
    private final Duration sloP95;
    private final @Nullable LoadHistory loadHistory;
    private final @Nullable HostCpu host;
    private final @Nullable ColdStart coldStart;
    private final @Nullable AdmissionLimit admissionLimit;

    /**
     * The fleet's lifecycle timings.
     *
     * @param startToReady from launch to passing the readiness check: the instance joins the balancer then
     * @param warmup       from ready to in service: it takes requests but stays out of the scaling metrics
     *                     ({@code instances.warmup})
     * @param drainTimeout how long a draining instance may finish its requests before the rest fail
     *                     ({@code instances.drain-timeout})
     * @param resizeDelay  from an in-place resize decision to the instance running at the new CPU
     */
    public record Timings(Duration startToReady, Duration warmup, Duration drainTimeout, Duration resizeDelay) {
        /** 5s to ready (an assumption: a small JVM service), 10s warm-up, 30s drain and 1s to resize in place. */
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(1));

        /** Validates that no timing is negative. */
        public Timings {
            notNegative("start-to-ready", startToReady);
            notNegative("warmup", warmup);
            notNegative("drain-timeout", drainTimeout);
            notNegative("resize-delay", resizeDelay);
        }
    }

    private Scenario(Builder b) {
        this.trace = b.trace;
        this.model = b.model;
        this.policy = b.policy;
        this.strategy = b.strategy;
        this.vertical = b.vertical;
        this.size = b.size;
        this.count = b.count == null ? Math.max(1, policy.min()) : b.count;
        this.balance = b.balance;
        this.timings = b.timings;
        this.resizePolicy = b.resizePolicy;
        this.workers = b.workers;
        this.queue = b.queue;
        this.requestTimeout = b.requestTimeout;
        this.catalog = b.catalog;
        this.kills = List.copyOf(b.kills);
        this.windows = List.copyOf(b.windows);
        this.seed = b.seed;
        this.arrivals = b.arrivals;
        arrivals.check(trace);
        this.start = b.start;
        this.sloP95 = b.sloP95;
        this.loadHistory = b.loadHistory;
        this.host = b.host;
        this.coldStart = b.coldStart;
        this.admissionLimit = b.admissionLimit;
        this.sources = sources(policy, b.sources);
        if (loadHistory != null && policy.predictive() == null) {
            throw new IllegalArgumentException("load history: given, but the policy has no predictive policy to "
                + "read it");
        }
        if (size.cpu() == null) {
            throw new IllegalArgumentException("size: " + size.brief() + " (expected: a CPU size; the capacity model "
                + "is by CPU)");
        }
        if (strategy != Strategy.HORIZONTAL && vertical == null) {
            throw new IllegalArgumentException("strategy " + strategy.text() + " needs a vertical policy (min-cpu, "
                + "max-cpu)");
        }
    }

    private static Map<String, MetricSource> sources(ScalingPolicy policy, Map<String, MetricSource> given) {
        List<String> names = new ArrayList<>(policy.metrics().stream().map(MetricSpec::name).toList());
        policy.steps().stream().map(StepPolicy::metric).forEach(names::add);
        PredictivePolicy predictive = policy.predictive();
        Map<String, MetricSource> sources = new LinkedHashMap<>();
        if (predictive != null) {
            sources.put(predictive.reading(), given.getOrDefault(predictive.reading(), MetricSource.SERVICE_RPS));
        }
        for (String name : names) {
            MetricSource s = given.get(name);
            if (s == null) {
                s = MetricSource.named(name).orElseThrow(() -> new IllegalArgumentException("metric '" + name
                    + "': the simulator cannot read it (expected: a metric of type inflight, rps, cpu or "
                    + "latency-p95)"));
            }
            sources.put(name, s);
        }
        return Map.copyOf(sources);
    }

    /** A builder for {@code trace} served as {@code model} says and scaled by {@code policy}. */
    public static Builder builder(Trace trace, CapacityModel model, ScalingPolicy policy) {
        return new Builder(trace, model, policy);
    }

    /** The traffic. */
    public Trace trace() {
        return trace;
    }

    /** How fast an instance of each CPU size serves. */
    public CapacityModel model() {
        return model;
    }

    /** The count law's policy. */
    public ScalingPolicy policy() {
        return policy;
    }

    /** Which dimensions the autoscaler changes. */
    public Strategy strategy() {
        return strategy;
    }

    /** The vertical bounds and step; null exactly under {@link Strategy#HORIZONTAL}. */
    public @Nullable VerticalPolicy vertical() {
        return vertical;
    }

    /**
     * Where each metric of the policy (tracked, step, and the predictive policy's load, by default the service's
     * requests per second) is read from, by its name.
     */
    public Map<String, MetricSource> sources() {
        return sources;
    }

    /** The size every instance starts with; its CPU is set. */
    public Resources size() {
        return size;
    }

    /** The instances at the start, all in service at second 0. */
    public int count() {
        return count;
    }

    /** The gateway's balancing algorithm. */
    public Algorithm balance() {
        return balance;
    }

    /** The fleet's lifecycle timings. */
    public Timings timings() {
        return timings;
    }

    /** How a running instance takes a new size. */
    public ResizePolicy resizePolicy() {
        return resizePolicy;
    }

    /** The most requests one instance serves at once (its worker threads). */
    public int workers() {
        return workers;
    }

    /** The most requests one instance holds waiting for a worker; one more is rejected. */
    public int queue() {
        return queue;
    }

    /** How long the gateway waits for a request (queueing and service) before it answers 504. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The sizes and their prices. */
    public SizeCatalog catalog() {
        return catalog;
    }

    /** The faults, in the order given. */
    public List<Kill> kills() {
        return kills;
    }

    /** The seed of every random draw. */
    public long seed() {
        return seed;
    }

    /** The windows whose latencies the summary reports apart, in the order added. */
    public List<Window> windows() {
        return windows;
    }

    /** How requests arrive within each second of the trace. */
    public Arrivals arrivals() {
        return arrivals;
    }

    /** The instant of the trace's second 0, for scheduled actions. */
    public Instant start() {
        return start;
    }

    /** The p95 a minute must stay at or under, for the summary's minutes over the SLO. */
    public Duration sloP95() {
        return sloP95;
    }

    /** The predictive policy's load history before second 0, or null: it starts with none. */
    public @Nullable LoadHistory loadHistory() {
        return loadHistory;
    }

    /**
     * The CPU the instances share on one machine (what the host has left after the gateway, the load and anything
     * else on it), or null: each instance has its own CPU, as on separate machines or with enforced limits.
     */
    public @Nullable HostCpu host() {
        return host;
    }

    /** How a new instance warms up, or null: it serves at the model's speed as soon as it is ready. */
    public @Nullable ColdStart coldStart() {
        return coldStart;
    }

    /**
     * The service's concurrency limit at the gateway, or null: every arrival goes on to an instance (which may still
     * refuse it when its own queue is full).
     */
    public @Nullable AdmissionLimit admissionLimit() {
        return admissionLimit;
    }

    private static void notNegative(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + ": " + DurationText.format(d) + " (expected: >= 0s)");
        }
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": " + DurationText.format(d) + " (expected: > 0s)");
        }
    }

    /** Builds a {@link Scenario}; each setter documents its default. */
    public static final class Builder {
        private final Trace trace;
        private final CapacityModel model;
        private final ScalingPolicy policy;
        private Strategy strategy = Strategy.HORIZONTAL;
        private @Nullable VerticalPolicy vertical;
        private final Map<String, MetricSource> sources = new LinkedHashMap<>();
        private Resources size = new Resources(Cpu.millicores(1000), null);
        private @Nullable Integer count;
        private Algorithm balance = Algorithm.LEAST_REQUEST;
        private Timings timings = Timings.DEFAULT;
        private ResizePolicy resizePolicy = ResizePolicy.IN_PLACE;
        private int workers = 200;
        private int queue = 100;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private SizeCatalog catalog = SizeCatalog.defaults();
        private final List<Kill> kills = new ArrayList<>();
        private final List<Window> windows = new ArrayList<>();
        private long seed = 1;
        private Arrivals arrivals = Arrivals.POISSON;
        private Instant start = DEFAULT_START;
        private Duration sloP95 = Duration.ofMillis(300);
        private @Nullable LoadHistory loadHistory;
        private @Nullable HostCpu host;
        private @Nullable ColdStart coldStart;
        private @Nullable AdmissionLimit admissionLimit;

        private Builder(Trace trace, CapacityModel model, ScalingPolicy policy) {
            this.trace = Objects.requireNonNull(trace, "trace");
            this.model = Objects.requireNonNull(model, "model");
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** The strategy and its vertical policy (null only with horizontal); default horizontal, none. */
        public Builder strategy(Strategy newStrategy, @Nullable VerticalPolicy newVertical) {
            this.strategy = Objects.requireNonNull(newStrategy, "strategy");
            this.vertical = newVertical;
            return this;
        }

        /** Reads metric {@code name} from {@code source}; default: the source of the same name as the metric. */
        public Builder source(String name, MetricSource source) {
            sources.put(name, Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The size instances start with, CPU required; default {@code 1000m}, memory unset. */
        public Builder size(Resources newSize) {
            this.size = Objects.requireNonNull(newSize, "size");
            return this;
        }

        /** The instances at the start; default the policy's minimum, at least 1. */
        public Builder count(int newCount) {
            if (newCount < 0) {
                throw new IllegalArgumentException("count: " + newCount + " (expected: >= 0)");
            }
            this.count = newCount;
            return this;
        }

        /** The balancing algorithm; default {@code least-request}, the gateway's default. */
        public Builder balance(Algorithm newBalance) {
            this.balance = Objects.requireNonNull(newBalance, "balance");
            return this;
        }

        /** The lifecycle timings; default {@link Timings#DEFAULT}. */
        public Builder timings(Timings newTimings) {
            this.timings = Objects.requireNonNull(newTimings, "timings");
            return this;
        }

        /** How instances take a new size; default in place ({@code instances.resize-policy}'s default). */
        public Builder resizePolicy(ResizePolicy newPolicy) {
            this.resizePolicy = Objects.requireNonNull(newPolicy, "resizePolicy");
            return this;
        }

        /**
         * Requests one instance serves at once, and how many more it holds waiting; default 200 and 100, Tomcat's
         * {@code maxThreads} and {@code acceptCount}.
         */
        public Builder concurrency(int newWorkers, int newQueue) {
            if (newWorkers < 1 || newWorkers > 100_000) {
                throw new IllegalArgumentException("workers: " + newWorkers + " (expected: 1..100000)");
            }
            if (newQueue < 0 || newQueue > 1_000_000) {
                throw new IllegalArgumentException("queue: " + newQueue + " (expected: 0..1000000)");
            }
            this.workers = newWorkers;
            this.queue = newQueue;
            return this;
        }

        /** The gateway's timeout for a request; default 30s, {@code gateway.timeouts.backend}'s default. */
        public Builder requestTimeout(Duration timeout) {
            positive("request-timeout", timeout);
            this.requestTimeout = timeout;
            return this;
        }

        /** The sizes and prices; default {@link SizeCatalog#defaults()}. */
        public Builder catalog(SizeCatalog newCatalog) {
            this.catalog = Objects.requireNonNull(newCatalog, "catalog");
            return this;
        }

        /** Adds a fault; default none. */
        public Builder kill(Kill kill) {
            kills.add(Objects.requireNonNull(kill, "kill"));
            return this;
        }

        /** The seed; default 1. */
        public Builder seed(long newSeed) {
            this.seed = newSeed;
            return this;
        }

        /** The summary reports the latencies of {@code window} apart ({@link Summary#windows}); default none. */
        public Builder window(Window window) {
            this.windows.add(Objects.requireNonNull(window, "window"));
            return this;
        }

        /** How requests arrive within each second ({@link Arrivals}); default Poisson at each second's rate. */
        public Builder arrivals(Arrivals newArrivals) {
            this.arrivals = Objects.requireNonNull(newArrivals, "arrivals");
            return this;
        }

        /** The instant of second 0; default {@link #DEFAULT_START}. */
        public Builder start(Instant newStart) {
            this.start = Objects.requireNonNull(newStart, "start");
            return this;
        }

        /** The p95 target of the summary's minutes over the SLO; default 300ms. */
        public Builder sloP95(Duration slo) {
            positive("slo-p95", slo);
            this.sloP95 = slo;
            return this;
        }

        /**
         * The predictive policy's history before second 0 (what a live Horizon would have kept in its state
         * directory); default none, so the policy waits a day of the trace before it forecasts.
         */
        public Builder loadHistory(LoadHistory history) {
            this.loadHistory = Objects.requireNonNull(history, "history");
            return this;
        }

        /**
         * The instances share one machine's CPU: together they never use more than {@code host} leaves them, each
         * getting the same fraction of what it would use when they would ({@code SharedHost}), starting instances
         * and the rest of the machine's work per request taken first; default none, each has its own CPU.
         */
        public Builder host(HostCpu host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** New instances warm up ({@link ColdStart}); default none, they serve at the model's speed at once. */
        public Builder coldStart(ColdStart cold) {
            this.coldStart = Objects.requireNonNull(cold, "cold");
            return this;
        }

        /**
         * The gateway sheds the service's requests over {@code limit} (its {@code concurrency-limit}), as
         * {@code Admission} says; default none.
         */
        public Builder admissionLimit(AdmissionLimit limit) {
            this.admissionLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * The scenario.
         *
         * @throws IllegalArgumentException when the size has no CPU, a vertical strategy has no vertical policy, or a
         *                                  metric has no source the simulator can read
         */
        public Scenario build() {
            return new Scenario(this);
        }
    }
}
