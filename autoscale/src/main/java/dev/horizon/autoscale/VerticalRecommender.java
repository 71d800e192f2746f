package dev.horizon.autoscale;

import dev.horizon.sizing.Cpu;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes VPA's recommender for one service: from every instance's CPU and memory use over time it advises a
 * per-instance CPU and memory, with bounds that narrow as history accumulates.
 *
 * <p>Contract: a deterministic function of what was {@link #record recorded}; time arrives as an {@link Instant}, never
 * read from a clock; instants passed to {@code record} do not go backwards. Not thread-safe: one caller.
 *
 * <p>Implementation notes ({@code kubernetes/autoscaler}, {@code vertical-pod-autoscaler/pkg/recommender}):
 * <ul>
 *   <li>Histograms ({@code model/aggregations_config.go}): exponential buckets each 5 % wider than the one before; CPU
 *   in cores from a first bucket of 0.001 core up to 1000 cores, memory in bytes from 1e7 up to 1e12; both decaying
 *   with the half-life ({@code util/decaying_histogram.go}, see {@link DecayingHistogram}).</li>
 *   <li>CPU ({@code model/aggregate_container_state.go addCPUSample}): every sample is added with the weight
 *   {@code max(request in cores, 0.1)}, so that raising the request makes the history before it weigh less, which
 *   the VPA does on purpose to react to starvation. Each CPU sample counts towards the confidence.</li>
 *   <li>Memory ({@code model/container.go addMemorySample}): one peak per instance and aggregation interval, stamped
 *   with the interval's end; a higher sample inside the interval replaces the peak (the old one is subtracted, the new
 *   one added), a sample past its end opens the interval that holds it (intervals are aligned to multiples of their
 *   length). OOM bumps are not modelled: Horizon's instances report no OOM kill to the recommender.</li>
 *   <li>Estimates ({@code logic/recommender.go}, {@code logic/estimator.go}): target P90, lower bound P50, upper bound
 *   P95, each plus a 15 % margin; the upper bound times {@code 1 + 1/confidence}, the lower times
 *   {@code (1 + 0.001/confidence)^-2}; then each at least the floor of 25 millicores and 250 MiB (the VPA's per-pod
 *   minimums; a Horizon instance is one container). {@code confidence = min(lifespan, samples / per-minute)} measured
 *   in confidence intervals, with the lifespan from the first to the last CPU sample ({@code getConfidence}). A
 *   percentile of an empty histogram is 0, and 0 scaled by an infinite multiplier stays 0 (the VPA's Go arithmetic
 *   would give NaN), so with no history all three are the floor.</li>
 * </ul>
 */
public final class VerticalRecommender {

    /** The VPA's least CPU recommendation per pod ({@code --pod-recommendation-min-cpu-millicores}). */
    public static final double MIN_CPU_MILLICORES = 25;
    /** The VPA's least memory recommendation per pod ({@code --pod-recommendation-min-memory-mb}, in MiB). */
    public static final double MIN_MEMORY_BYTES = 250.0 * 1024 * 1024;

    private static final double MARGIN = 0.15;
    private static final double GROWTH = 1.05;

    private final RecommenderOptions options;
    private final DecayingHistogram cpu;
    private final DecayingHistogram memory;
    private final Map<String, Peak> peaks = new HashMap<>();
    private @Nullable Instant firstSample;
    private @Nullable Instant lastSample;
    private long samples;

    /** One instance's memory peak in its current aggregation interval. */
    private record Peak(Instant windowEnd, long bytes) {
    }

    /** A recommender with {@code options}. */
    public VerticalRecommender(RecommenderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.cpu = new DecayingHistogram(HistogramBuckets.exponential(1000, 0.001, GROWTH), options.halfLife());
        this.memory = new DecayingHistogram(HistogramBuckets.exponential(1e12, 1e7, GROWTH), options.halfLife());
    }

    /** The options in use. */
    public RecommenderOptions options() {
        return options;
    }

    /**
     * Records one period's use of every instance at {@code at}; {@code request} is the CPU each instance has (its
     * limit, the weight of its CPU samples), null when unlimited. Instances missing from {@code usage} lose their
     * open memory interval; the peaks already recorded stay.
     */
    public void record(Instant at, List<InstanceUsage> usage, @Nullable Cpu request) {
        double weight = Math.max(request == null ? 0 : request.cores(), DecayingHistogram.MIN_SAMPLE_WEIGHT);
        Set<String> seen = new HashSet<>();
        for (InstanceUsage u : usage) {
            seen.add(u.id());
            cpu.add(u.cpu() / 1000, weight, at);
            samples++;
            Instant first = firstSample;
            firstSample = first == null || at.isBefore(first) ? at : first;
            Instant last = lastSample;
            lastSample = last == null || at.isAfter(last) ? at : last;
            Long bytes = u.memory();
            if (bytes != null) {
                recordMemory(u.id(), at, bytes);
            }
        }
        peaks.keySet().retainAll(seen);
    }

    private void recordMemory(String id, Instant at, long bytes) {
        Peak peak = peaks.get(id);
        if (peak != null && at.isBefore(peak.windowEnd())) {
            if (bytes > peak.bytes()) {
                memory.subtract(peak.bytes(), 1, peak.windowEnd());
                memory.add(bytes, 1, peak.windowEnd());
                peaks.put(id, new Peak(peak.windowEnd(), bytes));
            }
            return;
        }
        long interval = options.memoryAggregationInterval().toNanos();
        long since = Duration.between(Instant.EPOCH, at).toNanos();
        Instant windowEnd = Instant.EPOCH.plusNanos((Math.floorDiv(since, interval) + 1) * interval);
        memory.add(bytes, 1, windowEnd);
        peaks.put(id, new Peak(windowEnd, bytes));
    }

    /** How much history stands behind the estimates, in confidence intervals ({@code getConfidence}). */
    public double confidence() {
        Instant first = firstSample;
        Instant last = lastSample;
        if (first == null || last == null) {
            return 0;
        }
        Duration interval = options.confidenceInterval();
        double lifespan = Duration.between(first, last).toNanos() / (double) interval.toNanos();
        double perMinute = samples / (interval.toNanos() / 60e9);
        return Math.min(lifespan, perMinute);
    }

    /** The advice from what was recorded so far. */
    public Recommendation recommend() {
        double c = confidence();
        return new Recommendation(estimate(cpu, 1000, MIN_CPU_MILLICORES, c),
            estimate(memory, 1, MIN_MEMORY_BYTES, c), c);
    }

    private static Recommendation.Estimate estimate(DecayingHistogram h, double unit, double floor,
                                                    double confidence) {
        double lower = scaled(h.percentile(0.5) * unit * (1 + MARGIN), Math.pow(1 + 0.001 / confidence, -2));
        double target = h.percentile(0.9) * unit * (1 + MARGIN);
        double upper = scaled(h.percentile(0.95) * unit * (1 + MARGIN), 1 + 1 / confidence);
        return new Recommendation.Estimate(Math.max(floor, lower), Math.max(floor, target), Math.max(floor, upper));
    }

    private static double scaled(double base, double multiplier) {
        return base == 0 ? 0 : base * multiplier;
    }
}
