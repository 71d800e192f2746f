package dev.horizon.autoscale;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The small loop for one service: called once per {@link ScalingPolicy#period()} with the current count, the metric
 * readings and the fleet's facts, it says how many instances the service should have and logs why.
 *
 * <p>Contract: {@link #evaluate} is a deterministic function of its arguments and of the history this object keeps
 * (past recommendations, scale events, step warm-ups, the previous evaluation's time), which survives
 * {@link #reconfigure}. It does no I/O and reads no clock. One caller evaluates; {@link #log()} may be read from
 * other threads.
 *
 * <p>Implementation notes. The pipeline is the HPA's {@code reconcileAutoscaler}: a count outside the bounds goes
 * straight to the nearest bound; otherwise every metric proposes ({@link TargetTracking}) and every step policy too,
 * the largest proposal wins, and if every metric failed, or some failed and the winner is below the current count,
 * the count stays. The winner is then stabilized ({@link StabilizationWindow}, seeded with the current count on the
 * first evaluation as {@code maybeInitScaleDownStabilizationWindow} does), held at the current count if it would
 * scale in while instances start or warm up (Horizon's "scale out fast, scale in conservatively"), rate-limited
 * ({@link ScaleEvents}), and clamped to the bounds in force, which scheduled actions may have changed.
 *
 * <p>Predictive scaling ({@link ScalingPolicy#predictive()}, {@link PredictivePolicy}): the caller puts the
 * service-wide load in the readings as one {@link MetricReading.Single} under {@link PredictivePolicy#reading()}
 * ({@code load:rps}: the requests per second the whole service received, summed over its instances, in requests per
 * second). Each evaluation records it into the {@link #loadHistory()} (per-minute means, kept for
 * {@code history}) and forecasts the peak of the next {@code buffer}; in {@code forecast-and-scale} mode its capacity
 * is a floor that competes with the reactive winner: it wins when it is larger, but alone it never takes the count
 * below the current one (it never scales in by itself). In {@code forecast-only} mode it is only reported. Either way
 * its proposal is the last of {@link Decision#proposals()} (source {@code predictive}) and its words are in the
 * explanation ("predictive: forecast 412 rps at 14:05 → at least 9 instances", or "predictive: 3h of history, needs
 * 24h"). A count outside the bounds and a scheduled desired count are decided before any proposal, as above, though
 * the load is still recorded then; the bounds clamp the result as for any proposal.
 */
public final class Autoscaler {

    private ScalingPolicy policy;
    private List<StepScaling> steps;
    private final StabilizationWindow window = new StabilizationWindow();
    private final ScaleEvents events = new ScaleEvents();
    private final DecisionLog log;
    private @Nullable Instant lastEvaluation;
    private Strategy strategy = Strategy.HORIZONTAL;
    private @Nullable VerticalPolicy vertical;
    private @Nullable VerticalRecommender recommender;
    private final StabilizationWindow sizeWindow = new StabilizationWindow("m");
    private @Nullable PredictiveScaling predictive;

    /** An autoscaler for {@code policy} keeping the last {@code logCapacity} decisions. */
    public Autoscaler(ScalingPolicy policy, int logCapacity) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.steps = policy.steps().stream().map(StepScaling::new).toList();
        PredictivePolicy p = policy.predictive();
        this.predictive = p == null ? null : new PredictiveScaling(p);
        this.log = new DecisionLog(logCapacity);
    }

    /**
     * An autoscaler deciding both dimensions with {@code strategy}, keeping the last {@code logCapacity} decisions.
     *
     * @param vertical the vertical bounds and step; required unless {@code strategy} is horizontal
     * @throws IllegalArgumentException when a vertical strategy has no vertical policy, or its catalogue no size
     *                                  within {@code min-cpu..max-cpu}
     */
    public Autoscaler(ScalingPolicy policy, Strategy strategy, @Nullable VerticalPolicy vertical, int logCapacity) {
        this(policy, logCapacity);
        reshape(strategy, vertical);
    }

    /** As {@link #Autoscaler(ScalingPolicy, Strategy, VerticalPolicy, int)} with the default log capacity. */
    public Autoscaler(ScalingPolicy policy, Strategy strategy, @Nullable VerticalPolicy vertical) {
        this(policy, strategy, vertical, DecisionLog.DEFAULT_CAPACITY);
    }

    /** An autoscaler for {@code policy} keeping the last {@value DecisionLog#DEFAULT_CAPACITY} decisions. */
    public Autoscaler(ScalingPolicy policy) {
        this(policy, DecisionLog.DEFAULT_CAPACITY);
    }

    /** The policy in use. */
    public ScalingPolicy policy() {
        return policy;
    }

    /** The decisions so far, newest last. */
    public DecisionLog log() {
        return log;
    }

    /**
     * Replaces the policy. Past recommendations, scale events and the log stay; step policies that are unchanged keep
     * their warm-up state; the load history stays while the predictive policy keeps its metric.
     */
    public void reconfigure(ScalingPolicy newPolicy) {
        List<StepScaling> kept = new ArrayList<>();
        for (StepPolicy p : newPolicy.steps()) {
            kept.add(steps.stream().filter(s -> s.policy().equals(p)).findFirst().orElseGet(() -> new StepScaling(p)));
        }
        this.policy = newPolicy;
        this.steps = List.copyOf(kept);
        PredictivePolicy p = newPolicy.predictive();
        PredictiveScaling running = predictive;
        if (p == null) {
            predictive = null;
        } else if (running == null) {
            predictive = new PredictiveScaling(p);
        } else {
            running.reconfigure(p);
        }
    }

    /**
     * The load history the predictive policy forecasts from, null without one. It is this autoscaler's own: read it
     * (for instance {@link LoadHistory#toText()} to keep it on disk) on the thread that evaluates.
     */
    public @Nullable LoadHistory loadHistory() {
        PredictiveScaling p = predictive;
        return p == null ? null : p.history();
    }

    /**
     * Replaces the load history with {@code history} (one kept on disk before a restart), kept for the predictive
     * policy's {@code history}.
     *
     * @throws IllegalStateException when the policy has no predictive policy
     */
    public void restoreLoadHistory(LoadHistory history) {
        PredictiveScaling p = predictive;
        if (p == null) {
            throw new IllegalStateException("no autoscale.predictive policy: there is no load history to restore");
        }
        p.restore(history);
    }

    /**
     * Replaces the policy, the strategy and the vertical policy. The recommender's history stays unless the half-life
     * changed; the size's stabilization history stays.
     */
    public void reconfigure(ScalingPolicy newPolicy, Strategy newStrategy, @Nullable VerticalPolicy newVertical) {
        reshape(newStrategy, newVertical);
        reconfigure(newPolicy);
    }

    private void reshape(Strategy newStrategy, @Nullable VerticalPolicy newVertical) {
        Objects.requireNonNull(newStrategy, "strategy");
        if (newStrategy != Strategy.HORIZONTAL && newVertical == null) {
            throw new IllegalArgumentException("strategy " + newStrategy.text() + " needs autoscale.vertical "
                + "(min-cpu, max-cpu)");
        }
        if (newVertical != null && SizeLadder.of(newVertical, null).isEmpty()) {
            throw new IllegalArgumentException("no size of the catalogue lies within min-cpu " + newVertical.minCpu()
                + " and max-cpu " + newVertical.maxCpu() + " and the memory bounds");
        }
        VerticalRecommender kept = recommender;
        if (newVertical == null) {
            recommender = null;
        } else if (kept == null || !kept.options().halfLife().equals(newVertical.halfLife())) {
            recommender = new VerticalRecommender(RecommenderOptions.of(newVertical.halfLife()));
        }
        this.strategy = newStrategy;
        this.vertical = newVertical;
    }

    /** The strategy in use. */
    public Strategy strategy() {
        return strategy;
    }

    /** The vertical policy in use, null when there is none. */
    public @Nullable VerticalPolicy vertical() {
        return vertical;
    }

    /**
     * Records a scale the autoscaler did not decide (an operator's {@code horizon scale}) so the rate limits count it.
     */
    public void recordScale(Instant at, int from, int to) {
        events.record(at, to - from, policy.behavior());
    }

    /**
     * Decides the count at {@code now}.
     *
     * @param now      the time of this evaluation; not before the previous one
     * @param current  the count the service has (running and starting instances), at least 0
     * @param readings each metric's reading by name; a metric without one has failed
     * @param facts    what the fleet reports about its instances
     * @return the decision, also added to {@link #log()}
     */
    public Decision evaluate(Instant now, int current, Map<String, MetricReading> readings, FleetFacts facts) {
        if (strategy != Strategy.HORIZONTAL) {
            throw new IllegalStateException("strategy " + strategy.text() + " decides the size too: call "
                + "evaluate(now, Shape, readings, facts, usage)");
        }
        return evaluate(now, new Shape(Resources.UNLIMITED, current), readings, facts, List.of());
    }

    /**
     * Decides the (size, count) pair at {@code now}: the count with the count law of the class comment, the size
     * with the strategy's shape law ({@link Strategy}); under {@link Strategy#HORIZONTAL} the size stays.
     *
     * @param now      the time of this evaluation; not before the previous one
     * @param current  the size every instance has (its CPU required under a vertical strategy) and the count the
     *                 service has (running and starting instances)
     * @param readings each metric's reading by name; a metric without one has failed. A {@code cpu} utilization
     *                 reading's requests are the current size's CPU
     * @param facts    what the fleet reports about its instances
     * @param usage    every instance's CPU and memory use in the last period, for the vertical recommender (may be
     *                 empty)
     * @return the decision, also added to {@link #log()}
     */
    public Decision evaluate(Instant now, Shape current, Map<String, MetricReading> readings, FleetFacts facts,
                             List<InstanceUsage> usage) {
        int count = current.count();
        Resources size = current.size();
        Instant previous = lastEvaluation;
        if (previous != null && now.isBefore(previous)) {
            throw new IllegalArgumentException("now: " + now + " (expected: not before the previous evaluation "
                + previous + ")");
        }
        Cpu cpu = size.cpu();
        if (strategy != Strategy.HORIZONTAL && cpu == null) {
            throw new IllegalArgumentException("size: " + size.brief() + " (expected: a CPU limit under strategy "
                + strategy.text() + ")");
        }
        lastEvaluation = now;
        VerticalRecommender r = recommender;
        if (r != null) {
            r.record(now, usage, cpu);
        }
        Schedules.InForce inForce = Schedules.inForce(policy, previous, now);
        Decision.Bounds bounds = inForce.bounds();
        if (window.isEmpty()) {
            window.record(now, count);
        }
        if (cpu != null && sizeWindow.isEmpty()) {
            sizeWindow.record(now, (int) cpu.millicores());
        }
        List<Proposal> proposals = new ArrayList<>();
        PredictiveScaling predicting = predictive;
        Proposal forecast = predicting == null ? null
            : predicting.propose(now, count, readings.get(predicting.policy().reading()));
        String aside = forecast == null ? "" : "; " + forecast.reason();
        Decision.Stage none = Decision.Stage.none(count);
        Decision decision;
        Integer scheduled = inForce.desired();
        if (scheduled != null) {
            Decision.Stage clamp = bounds.clamp(scheduled);
            window.record(now, clamp.after());
            decision = finish(now, count, facts, withForecast(proposals, forecast), scheduled,
                new Stages(none, none, none, bounds, clamp), "scheduled action " + inForce.desiredBy() + " set "
                    + scheduled + aside);
        } else if (count > bounds.max() || count < bounds.min()) {
            Decision.Stage clamp = bounds.clamp(count);
            decision = finish(now, count, facts, withForecast(proposals, forecast), count,
                new Stages(none, none, none, bounds, clamp), "the count " + count + " is outside " + bounds.min()
                    + ".." + bounds.max() + aside);
        } else {
            Proposed p = propose(now, count, readings, facts, proposals, forecast);
            // bounds of 0..0 (a scheduled scale to zero) leave no size to plan: the count law takes the service there
            decision = p.winner() == null || strategy == Strategy.HORIZONTAL || cpu == null || bounds.max() == 0
                ? track(now, count, facts, bounds, p) : Shaping.shape(this, now, current, readings, facts, bounds, p);
        }
        if (Double.isNaN(decision.sizing().capacity())) {
            decision = withSizing(decision, Decision.Sizing.none(size), r);
        }
        if (decision.scales()) {
            events.record(now, decision.desired() - count, policy.behavior());
        }
        log.add(decision);
        return decision;
    }

    private Decision withSizing(Decision d, Decision.Sizing sizing, @Nullable VerticalRecommender r) {
        Decision.Sizing s = r == null || sizing.recommendation() != null ? sizing : new Decision.Sizing(
            sizing.before(), sizing.raw(), sizing.after(), sizing.capacity(), sizing.note(), r.recommend());
        return new Decision(d.at(), d.current(), d.facts(), d.proposals(), d.raw(), d.stabilization(), d.hold(),
            d.rateLimit(), d.bounds(), d.clamp(), d.desired(), d.explanation(), strategy, s);
    }

    /** The largest proposal so far: its count and its words. */
    record Winner(int replicas, String reason) {
        static @Nullable Winner of(@Nullable Winner best, Proposal p) {
            Integer n = p.replicas();
            return n == null || (best != null && best.replicas() >= n) ? best : new Winner(n, p.reason());
        }
    }

    /** The metrics' and step policies' proposals, the winner (null: nothing to act on) and what to say. */
    record Proposed(List<Proposal> proposals, @Nullable Winner winner, List<String> notes, List<String> failures,
                    String why) {
    }

    private static List<Proposal> withForecast(List<Proposal> proposals, @Nullable Proposal forecast) {
        if (forecast != null) {
            proposals.add(forecast);
        }
        return proposals;
    }

    private Proposed propose(Instant now, int current, Map<String, MetricReading> readings, FleetFacts facts,
                             List<Proposal> proposals, @Nullable Proposal forecast) {
        int failed = 0;
        Winner best = null;
        for (MetricSpec m : policy.metrics()) {
            Proposal p = TargetTracking.propose(m, readings.get(m.name()), current, facts.ready(), policy.tolerance());
            proposals.add(p);
            failed += p.isEmpty() ? 1 : 0;
            best = Winner.of(best, p);
        }
        List<String> notes = new ArrayList<>();
        int metrics = policy.metrics().size();
        if (metrics > 0 && failed == metrics) {
            notes.add("no metric gave a proposal");
        } else if (failed > 0 && best != null && best.replicas() < current) {
            notes.add("a metric failed and the others propose " + best.replicas() + ", below " + current);
            best = null;
        }
        Winner bestStep = null;
        for (StepScaling s : steps) {
            Proposal p = s.propose(now, current, readings.get(s.policy().metric()));
            proposals.add(p);
            bestStep = Winner.of(bestStep, p);
        }
        List<String> failures = proposals.stream().filter(Proposal::isEmpty).map(Proposal::reason).toList();
        Winner winner = best == null ? bestStep : bestStep == null || best.replicas() >= bestStep.replicas() ? best
            : bestStep;
        List<String> after = new ArrayList<>();
        if (forecast != null) {
            proposals.add(forecast);
            Integer floor = forecast.replicas();
            // a floor: it wins when larger than the reactive winner, but alone it never scales in
            if (floor != null && (winner == null ? floor > current : floor > winner.replicas())) {
                winner = new Winner(floor, forecast.reason());
            } else {
                after.add(forecast.reason());
            }
        }
        List<String> head = new ArrayList<>();
        if (winner == null) {
            head.addAll(notes);
            head.addAll(failures);
            head.addAll(after);
            return new Proposed(proposals, null, notes, failures, head.isEmpty() ? "nothing to track"
                : String.join("; ", head));
        }
        head.add(winner.reason());
        head.addAll(notes);
        failures.forEach(f -> head.add("ignoring " + f));
        head.addAll(after);
        return new Proposed(proposals, winner, notes, failures, String.join("; ", head));
    }

    private Decision track(Instant now, int current, FleetFacts facts, Decision.Bounds bounds, Proposed p) {
        Winner winner = p.winner();
        if (winner == null) {
            Decision.Stage none = Decision.Stage.none(current);
            return finish(now, current, facts, p.proposals(), current, new Stages(none, none, none, bounds, none),
                p.why() + " → stays " + current);
        }
        int raw = p.notes().isEmpty() ? winner.replicas() : Math.max(winner.replicas(), current);
        return finish(now, current, facts, p.proposals(), raw, countStages(now, current, raw, facts, bounds),
            p.why());
    }

    /** The count law from a raw recommendation: stabilization, the scale-in hold, rate limits, bounds. */
    Stages countStages(Instant now, int current, int raw, FleetFacts facts, Decision.Bounds bounds) {
        Decision.Stage stabilization = window.stabilize(now, current, raw, policy.behavior());
        Decision.Stage hold = Decision.Stage.none(stabilization.after());
        if (stabilization.after() < current && facts.scalingOut()) {
            hold = new Decision.Stage(stabilization.after(), current, "no scale-in while " + facts.starting()
                + " instance(s) start and " + facts.warming() + " warm up");
        }
        Decision.Stage rate = events.limit(now, current, hold.after(), policy.behavior());
        Decision.Stage clamp = bounds.clamp(rate.after());
        return new Stages(stabilization, hold, rate, bounds, clamp);
    }

    /** The size's stabilization: no shrink below the largest size planned within the scale-down window. */
    Decision.Stage sizeStage(Instant now, long currentMillicores, long rawMillicores) {
        return sizeWindow.stabilize(now, (int) currentMillicores, (int) rawMillicores, policy.behavior());
    }

    @Nullable VerticalRecommender recommender() {
        return recommender;
    }

    static Decision finish(Instant now, int current, FleetFacts facts, List<Proposal> proposals, int raw,
                                   Stages stages, String head) {
        StringBuilder why = new StringBuilder(head);
        for (Decision.Stage s : List.of(stages.stabilization, stages.hold, stages.rate, stages.clamp)) {
            if (!s.note().isEmpty()) {
                why.append("; ").append(s.note());
            }
        }
        return new Decision(now, current, facts, proposals, raw, stages.stabilization, stages.hold, stages.rate,
            stages.bounds, stages.clamp, stages.clamp.after(), why.toString(), Strategy.HORIZONTAL,
            Decision.Sizing.none(Resources.UNLIMITED));
    }

    /** The stages a raw recommendation passes through, in order, as {@link Decision} records them. */
    record Stages(Decision.Stage stabilization, Decision.Stage hold, Decision.Stage rate,
                          Decision.Bounds bounds, Decision.Stage clamp) {
    }
}
