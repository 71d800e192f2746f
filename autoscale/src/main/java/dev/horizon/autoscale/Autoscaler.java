package dev.horizon.autoscale;

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
 */
public final class Autoscaler {

    private ScalingPolicy policy;
    private List<StepScaling> steps;
    private final StabilizationWindow window = new StabilizationWindow();
    private final ScaleEvents events = new ScaleEvents();
    private final DecisionLog log;
    private @Nullable Instant lastEvaluation;

    /** An autoscaler for {@code policy} keeping the last {@code logCapacity} decisions. */
    public Autoscaler(ScalingPolicy policy, int logCapacity) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.steps = policy.steps().stream().map(StepScaling::new).toList();
        this.log = new DecisionLog(logCapacity);
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
     * their warm-up state.
     */
    public void reconfigure(ScalingPolicy newPolicy) {
        List<StepScaling> kept = new ArrayList<>();
        for (StepPolicy p : newPolicy.steps()) {
            kept.add(steps.stream().filter(s -> s.policy().equals(p)).findFirst().orElseGet(() -> new StepScaling(p)));
        }
        this.policy = newPolicy;
        this.steps = List.copyOf(kept);
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
        if (current < 0) {
            throw new IllegalArgumentException("current: " + current + " (expected: >= 0)");
        }
        Instant previous = lastEvaluation;
        if (previous != null && now.isBefore(previous)) {
            throw new IllegalArgumentException("now: " + now + " (expected: not before the previous evaluation "
                + previous + ")");
        }
        lastEvaluation = now;
        Schedules.InForce inForce = Schedules.inForce(policy, previous, now);
        Decision.Bounds bounds = inForce.bounds();
        if (window.isEmpty()) {
            window.record(now, current);
        }
        List<Proposal> proposals = new ArrayList<>();
        Decision.Stage none = Decision.Stage.none(current);
        Decision decision;
        Integer scheduled = inForce.desired();
        if (scheduled != null) {
            Decision.Stage clamp = bounds.clamp(scheduled);
            window.record(now, clamp.after());
            decision = finish(now, current, facts, proposals, scheduled, new Stages(none, none, none, bounds, clamp),
                "scheduled action " + inForce.desiredBy() + " set " + scheduled);
        } else if (current > bounds.max() || current < bounds.min()) {
            Decision.Stage clamp = bounds.clamp(current);
            decision = finish(now, current, facts, proposals, current, new Stages(none, none, none, bounds, clamp),
                "the count " + current + " is outside " + bounds.min() + ".." + bounds.max());
        } else {
            decision = track(now, current, readings, facts, bounds, proposals);
        }
        if (decision.scales()) {
            events.record(now, decision.desired() - current, policy.behavior());
        }
        log.add(decision);
        return decision;
    }

    /** The largest proposal so far: its count and its words. */
    private record Winner(int replicas, String reason) {
        static @Nullable Winner of(@Nullable Winner best, Proposal p) {
            Integer n = p.replicas();
            return n == null || (best != null && best.replicas() >= n) ? best : new Winner(n, p.reason());
        }
    }

    private Decision track(Instant now, int current, Map<String, MetricReading> readings, FleetFacts facts,
                           Decision.Bounds bounds, List<Proposal> proposals) {
        Decision.Stage none = Decision.Stage.none(current);
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
        if (winner == null) {
            notes.addAll(failures);
            String why = notes.isEmpty() ? "nothing to track" : String.join("; ", notes);
            return finish(now, current, facts, proposals, current, new Stages(none, none, none, bounds, none),
                why + " → stays " + current);
        }
        int raw = notes.isEmpty() ? winner.replicas() : Math.max(winner.replicas(), current);
        Decision.Stage stabilization = window.stabilize(now, current, raw, policy.behavior());
        Decision.Stage hold = Decision.Stage.none(stabilization.after());
        if (stabilization.after() < current && facts.scalingOut()) {
            hold = new Decision.Stage(stabilization.after(), current, "no scale-in while " + facts.starting()
                + " instance(s) start and " + facts.warming() + " warm up");
        }
        Decision.Stage rate = events.limit(now, current, hold.after(), policy.behavior());
        Decision.Stage clamp = bounds.clamp(rate.after());
        List<String> head = new ArrayList<>();
        head.add(winner.reason());
        head.addAll(notes);
        failures.forEach(f -> head.add("ignoring " + f));
        return finish(now, current, facts, proposals, raw, new Stages(stabilization, hold, rate, bounds, clamp),
            String.join("; ", head));
    }

    private static Decision finish(Instant now, int current, FleetFacts facts, List<Proposal> proposals, int raw,
                                   Stages stages, String head) {
        StringBuilder why = new StringBuilder(head);
        for (Decision.Stage s : List.of(stages.stabilization, stages.hold, stages.rate, stages.clamp)) {
            if (!s.note().isEmpty()) {
                why.append("; ").append(s.note());
            }
        }
        return new Decision(now, current, facts, proposals, raw, stages.stabilization, stages.hold, stages.rate,
            stages.bounds, stages.clamp, stages.clamp.after(), why.toString());
    }

    /** The stages a raw recommendation passes through, in order, as {@link Decision} records them. */
    private record Stages(Decision.Stage stabilization, Decision.Stage hold, Decision.Stage rate,
                          Decision.Bounds bounds, Decision.Stage clamp) {
    }
}
