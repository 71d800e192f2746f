package dev.horizon.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One canary rollout as a step machine, driven by its caller with explicit times: {@link #tick} as time passes,
 * {@link #record} with each analysis verdict, {@link #promote}/{@link #promoteFully}/{@link #abort}/{@link #retry} for
 * a person's commands. The caller applies {@link #weightBasisPoints()} to the gateway after constructing, after a
 * {@link Action#SET_WEIGHT} or {@link Action#PROMOTED}, and after any other call that changed {@link #phase()}.
 *
 * <p>The semantics follow Argo Rollouts' canary (its documentation's "Canary" and "Analysis & Progressive Delivery"
 * pages, https://argo-rollouts.readthedocs.io/en/stable/features/canary/):
 * <ul>
 *   <li>A step sets the weight, then holds it. A step with a pause ends when the pause has elapsed since the step
 *       began, plus one analysis interval for each inconclusive verdict in that step (too little data extends the
 *       step: it never counts against the canary). A step without a pause ends after its first passing verdict, or
 *       at once when the analysis is off. After the last step the rollout is {@link Phase#PROMOTED} at 100%.</li>
 *   <li>With the analysis on, {@code tick} asks for one ({@link Action#ANALYZE}) every interval from the step's
 *       start, and waits for its verdict before it ends a step.</li>
 *   <li>Failed verdicts count over the whole rollout; when they are strictly more than {@code failure-limit} (Argo's
 *       {@code failed > failureLimit}) it aborts: weight 0 at once, {@link Phase#ABORTED}, the verdict's reason as
 *       its reason. More than {@code inconclusive-limit} inconclusive verdicts in a row pause it
 *       ({@link Phase#PAUSED}) for a person; no data never aborts it (unlike Flagger).</li>
 *   <li>{@link #promote}: a paused rollout resumes, its current step starting over; a progressing one skips to the
 *       next step (Argo's {@code kubectl argo rollouts promote}). {@link #promoteFully}: straight to 100% (Argo's
 *       {@code --full}). {@link #abort}: weight 0. {@link #retry}: an aborted rollout starts again from the first
 *       step with fresh counts (Argo's {@code retry}, broken there: argo-rollouts #841, #3120).</li>
 *   <li>{@link #state()} is everything to persist; {@link #restore} resumes it in a new process. A progressing or
 *       paused step's timer restarts at restore time (its pause runs whole again): this machine reads no wall clock,
 *       so it cannot know how long the process was down, and holding a weight longer is the safe side.</li>
 * </ul>
 */
public final class CanaryRun implements Rollout {

    /**
     * Everything a restarted process needs to resume a canary (with its steps and analysis settings).
     *
     * @param phase              where it stands
     * @param stepIndex          the current step (the last one when promoted)
     * @param failures           the failed verdicts so far
     * @param inconclusiveInARow the inconclusive verdicts since the last pass or failure
     * @param reason             why it paused, aborted or was promoted; empty while progressing
     * @param lastVerdict        the latest verdict, or null before the first
     */
    public record State(Phase phase, int stepIndex, int failures, int inconclusiveInARow, String reason,
                        @Nullable Verdict lastVerdict) {
    }

    private final List<Step> steps;
    private final @Nullable AnalysisSettings analysis;
    private Tally tally;
    private Phase phase;
    private int stepIndex;
    private int weight;
    private String reason = "";
    private @Nullable Verdict lastVerdict;
    private Instant stepStartedAt;
    private int inconclusiveInStep;
    private int passesInStep;
    private Instant nextAnalysisAt;
    private boolean analysisPending;

    /**
     * A canary that begins its first step at {@code start}.
     *
     * @param steps    the steps, at least one
     * @param analysis how verdicts are counted, or null to run the steps on time alone
     * @param start    when the first step begins
     */
    public CanaryRun(List<Step> steps, @Nullable AnalysisSettings analysis, Instant start) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: empty (expected: at least one step)");
        }
        this.steps = List.copyOf(steps);
        this.analysis = analysis;
        this.tally = new Tally(tallySettings(), 0, 0);
        this.phase = Phase.PROGRESSING;
        this.stepStartedAt = start;
        this.nextAnalysisAt = start;
        beginStep(0, start);
    }

    /**
     * The canary {@code state} describes, its step's timer restarting at {@code now}.
     *
     * @throws IllegalArgumentException when the state's step is not one of {@code steps}
     */
    public static CanaryRun restore(State state, List<Step> steps, @Nullable AnalysisSettings analysis, Instant now) {
        if (state.stepIndex() < 0 || state.stepIndex() >= steps.size()) {
            throw new IllegalArgumentException("step " + state.stepIndex() + " (expected: 0.." + (steps.size() - 1)
                + ")");
        }
        CanaryRun run = new CanaryRun(steps, analysis, now);
        run.tally = new Tally(run.tallySettings(), state.failures(), state.inconclusiveInARow());
        run.beginStep(state.stepIndex(), now);
        run.phase = state.phase();
        run.reason = state.reason();
        run.lastVerdict = state.lastVerdict();
        run.weight = switch (state.phase()) {
            case PROMOTED -> Step.ALL;
            case ABORTED, ROLLED_BACK -> 0;
            case PROGRESSING, PAUSED -> steps.get(state.stepIndex()).weightBasisPoints();
        };
        return run;
    }

    private AnalysisSettings tallySettings() {
        return analysis != null ? analysis : AnalysisSettings.DEFAULTS;
    }

    /** What to persist. */
    public State state() {
        return new State(phase, stepIndex, tally.failures(), tally.inconclusiveInARow(), reason, lastVerdict);
    }

    @Override
    public Action tick(Instant now) {
        if (phase != Phase.PROGRESSING) {
            return Action.NONE;
        }
        if (analysis != null) {
            if (analysisPending) {
                return Action.NONE;
            }
            if (!now.isBefore(nextAnalysisAt)) {
                analysisPending = true;
                return Action.ANALYZE;
            }
        }
        Instant end = stepEndsAt();
        boolean ended = end != null ? !now.isBefore(end) : analysis == null || passesInStep > 0;
        return ended ? advance(now) : Action.NONE;
    }

    /**
     * One analysis verdict at {@code now}, normally the answer to {@link Action#ANALYZE}. Ignored unless the rollout
     * is progressing (a verdict that arrives after a pause, an abort or a promotion changes nothing).
     *
     * @throws IllegalStateException when the analysis is off
     */
    @Override
    public void record(Verdict v, Instant now) {
        if (analysis == null) {
            throw new IllegalStateException("the analysis is off for this rollout");
        }
        if (phase != Phase.PROGRESSING) {
            return;
        }
        lastVerdict = v;
        analysisPending = false;
        nextAnalysisAt = now.plus(analysis.interval());
        if (v.outcome() == Verdict.Outcome.PASS) {
            passesInStep++;
        } else if (v.outcome() == Verdict.Outcome.INCONCLUSIVE) {
            inconclusiveInStep++;
        }
        Tally.Consequence consequence = tally.record(v);
        if (consequence == Tally.Consequence.ABORT) {
            end(Phase.ABORTED, 0, v.reason());
        } else if (consequence == Tally.Consequence.PAUSE) {
            phase = Phase.PAUSED;
            reason = tally.pauseReason();
        }
    }

    /**
     * A person's promote: a paused rollout resumes (its step starts over at {@code now}, the inconclusive count
     * cleared); a progressing one moves to its next step, or is promoted after the last.
     *
     * @throws IllegalStateException when the rollout is over
     */
    @Override
    public void promote(Instant now) {
        requireNotFinal("promote");
        if (phase == Phase.PAUSED) {
            phase = Phase.PROGRESSING;
            reason = "";
            tally.resume();
            beginStep(stepIndex, now);
        } else {
            advance(now);
        }
    }

    /**
     * A person's full promote: every request to the new revision now, the remaining steps and analysis skipped.
     *
     * @throws IllegalStateException when the rollout is over
     */
    public void promoteFully(Instant now) {
        requireNotFinal("promote");
        String why = "promoted fully by hand at step " + (stepIndex + 1) + " of " + steps.size();
        stepIndex = steps.size() - 1;
        end(Phase.PROMOTED, Step.ALL, why);
    }

    /**
     * A person's (or the caller's, say at a progress deadline) abort: every request back to the stable revision.
     *
     * @throws IllegalStateException when the rollout is over
     */
    @Override
    public void abort(String why) {
        requireNotFinal("abort");
        end(Phase.ABORTED, 0, why);
    }

    /**
     * Starts an aborted rollout again from its first step at {@code now}, its failure and inconclusive counts
     * cleared.
     *
     * @throws IllegalStateException unless the rollout is aborted
     */
    public void retry(Instant now) {
        if (phase != Phase.ABORTED) {
            throw new IllegalStateException("cannot retry: the rollout is " + phase.text() + " (expected: aborted)");
        }
        tally = new Tally(tallySettings(), 0, 0);
        phase = Phase.PROGRESSING;
        reason = "";
        lastVerdict = null;
        beginStep(0, now);
    }

    @Override
    public int weightBasisPoints() {
        return weight;
    }

    @Override
    public Phase phase() {
        return phase;
    }

    /** The current step, from 0 (the last one once promoted). */
    public int stepIndex() {
        return stepIndex;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public @Nullable Verdict lastVerdict() {
        return lastVerdict;
    }

    @Override
    public int failures() {
        return tally.failures();
    }

    /** The steps. */
    public List<Step> steps() {
        return steps;
    }

    /**
     * The earliest time the current step can end: its start plus its pause plus one interval per inconclusive
     * verdict; null for a step without a pause (it ends on a verdict) or when the rollout is not progressing.
     */
    public @Nullable Instant stepEndsAt() {
        Duration pause = steps.get(stepIndex).pause();
        if (phase != Phase.PROGRESSING || pause == null) {
            return null;
        }
        Duration extension = analysis == null ? Duration.ZERO : analysis.interval().multipliedBy(inconclusiveInStep);
        return stepStartedAt.plus(pause).plus(extension);
    }

    private Action advance(Instant now) {
        if (stepIndex + 1 >= steps.size()) {
            end(Phase.PROMOTED, Step.ALL, "promoted: " + steps.size() + (steps.size() == 1 ? " step" : " steps")
                + " done");
            return Action.PROMOTED;
        }
        beginStep(stepIndex + 1, now);
        return Action.SET_WEIGHT;
    }

    private void beginStep(int index, Instant now) {
        stepIndex = index;
        weight = steps.get(index).weightBasisPoints();
        stepStartedAt = now;
        inconclusiveInStep = 0;
        passesInStep = 0;
        analysisPending = false;
        nextAnalysisAt = analysis == null ? now : now.plus(analysis.interval());
    }

    private void end(Phase finalPhase, int finalWeight, String why) {
        phase = finalPhase;
        weight = finalWeight;
        reason = why;
        analysisPending = false;
    }

    private void requireNotFinal(String command) {
        if (phase.isFinal()) {
            throw new IllegalStateException("cannot " + command + ": the rollout is already " + phase.text());
        }
    }
}
