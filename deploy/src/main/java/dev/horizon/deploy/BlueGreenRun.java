package dev.horizon.deploy;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One blue-green rollout, driven by its caller with explicit times like {@link CanaryRun}. The caller starts it once
 * the new (green) revision runs at full count beside the old (blue) one.
 *
 * <ol>
 *   <li><b>Preview</b>: weight 0; only requests with the preview header or cookie reach green. With a pre-promotion
 *       analysis, {@code tick} asks for one ({@link Action#ANALYZE}) every interval until a verdict passes; failures
 *       and inconclusive verdicts count as in a canary (strictly more than {@code failure-limit} aborts, more than
 *       {@code inconclusive-limit} in a row pauses). Then, with {@code auto-promote}, it switches by itself;
 *       without, it waits ({@link Phase#PAUSED}) for {@link #promote}.</li>
 *   <li><b>Switch</b>: weight 100% at once ({@link Action#PROMOTED}, one gateway snapshot swap).</li>
 *   <li><b>Scale-down delay</b>: blue keeps running for {@code scale-down-delay}; until then {@link #undo} sends every
 *       request back to it at once ({@link Phase#ROLLED_BACK}). After it, {@code tick} says {@link Action#RETIRE_OLD}
 *       once and {@link #oldCanGo} is true.</li>
 * </ol>
 *
 * <p>These are Argo Rollouts' blue-green semantics
 * (https://argo-rollouts.readthedocs.io/en/stable/features/bluegreen/): {@code previewService},
 * {@code autoPromotionEnabled} (default true), {@code prePromotionAnalysis}, {@code scaleDownDelaySeconds} (default
 * 30). {@link #restore} restarts a waiting timer (the scale-down delay) at restore time, as {@link CanaryRun} does.
 */
public final class BlueGreenRun implements Rollout {

    /** Argo Rollouts' {@code scaleDownDelaySeconds} default. */
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);

    /**
     * Everything a restarted process needs to resume a blue-green rollout (with its settings).
     *
     * @param phase              where it stands
     * @param analysisPassed     whether the pre-promotion analysis has passed
     * @param failures           the failed verdicts so far
     * @param inconclusiveInARow the inconclusive verdicts since the last pass or failure
     * @param oldRetired         whether the old revision was let go after the scale-down delay
     * @param reason             why it paused, aborted, was promoted or rolled back
     * @param lastVerdict        the latest verdict, or null before the first
     */
    public record State(Phase phase, boolean analysisPassed, int failures, int inconclusiveInARow, boolean oldRetired,
                        String reason, @Nullable Verdict lastVerdict) {
    }

    private final @Nullable AnalysisSettings analysis;
    private final boolean autoPromote;
    private final Duration scaleDownDelay;
    private Tally tally;
    private Phase phase;
    private boolean analysisPassed;
    private boolean oldRetired;
    private String reason = "";
    private @Nullable Verdict lastVerdict;
    private Instant nextAnalysisAt;
    private boolean analysisPending;
    private Instant switchedAt;

    /**
     * A blue-green rollout whose preview begins at {@code start}.
     *
     * @param analysis       the pre-promotion analysis, or null for none
     * @param autoPromote    whether to switch as soon as the analysis passed (or at once without one)
     * @param scaleDownDelay how long the old revision stays after the switch, for an instant undo
     * @param start          when the preview begins
     */
    public BlueGreenRun(@Nullable AnalysisSettings analysis, boolean autoPromote, Duration scaleDownDelay,
                        Instant start) {
        if (scaleDownDelay.isNegative()) {
            throw new IllegalArgumentException("scale-down-delay: " + DurationText.format(scaleDownDelay)
                + " (expected: >= 0s)");
        }
        this.analysis = analysis;
        this.autoPromote = autoPromote;
        this.scaleDownDelay = scaleDownDelay;
        this.tally = new Tally(tallySettings(), 0, 0);
        this.nextAnalysisAt = analysis == null ? start : start.plus(analysis.interval());
        this.switchedAt = start;
        this.phase = Phase.PROGRESSING;
        awaitPromotionUnlessAuto();
    }

    /** The rollout {@code state} describes; a scale-down delay still running starts over at {@code now}. */
    public static BlueGreenRun restore(State state, @Nullable AnalysisSettings analysis, boolean autoPromote,
                                       Duration scaleDownDelay, Instant now) {
        BlueGreenRun run = new BlueGreenRun(analysis, autoPromote, scaleDownDelay, now);
        run.tally = new Tally(run.tallySettings(), state.failures(), state.inconclusiveInARow());
        run.phase = state.phase();
        run.analysisPassed = state.analysisPassed();
        run.oldRetired = state.oldRetired();
        run.reason = state.reason();
        run.lastVerdict = state.lastVerdict();
        return run;
    }

    private AnalysisSettings tallySettings() {
        return analysis != null ? analysis : AnalysisSettings.DEFAULTS;
    }

    /** What to persist. */
    public State state() {
        return new State(phase, analysisPassed, tally.failures(), tally.inconclusiveInARow(), oldRetired, reason,
            lastVerdict);
    }

    @Override
    public Action tick(Instant now) {
        if (phase == Phase.PROMOTED) {
            if (!oldRetired && oldCanGo(now)) {
                oldRetired = true;
                return Action.RETIRE_OLD;
            }
            return Action.NONE;
        }
        if (phase != Phase.PROGRESSING) {
            return Action.NONE;
        }
        if (analysis != null && !analysisPassed) {
            if (analysisPending || now.isBefore(nextAnalysisAt)) {
                return Action.NONE;
            }
            analysisPending = true;
            return Action.ANALYZE;
        }
        switchAt(now, "promoted: " + (analysis == null ? "auto-promote" : "pre-promotion analysis passed"));
        return Action.PROMOTED;
    }

    /**
     * One pre-promotion analysis verdict at {@code now}. Ignored unless the preview is progressing.
     *
     * @throws IllegalStateException when there is no pre-promotion analysis
     */
    @Override
    public void record(Verdict v, Instant now) {
        if (analysis == null) {
            throw new IllegalStateException("this rollout has no pre-promotion analysis");
        }
        if (phase != Phase.PROGRESSING || analysisPassed) {
            return;
        }
        lastVerdict = v;
        analysisPending = false;
        nextAnalysisAt = now.plus(analysis.interval());
        Tally.Consequence consequence = tally.record(v);
        if (consequence == Tally.Consequence.ABORT) {
            end(Phase.ABORTED, v.reason());
        } else if (consequence == Tally.Consequence.PAUSE) {
            phase = Phase.PAUSED;
            reason = tally.pauseReason();
        } else if (v.outcome() == Verdict.Outcome.PASS) {
            analysisPassed = true;
            awaitPromotionUnlessAuto();
        }
    }

    /**
     * A person's promote: the switch, now, whatever the analysis has said so far.
     *
     * @throws IllegalStateException once switched or aborted
     */
    @Override
    public void promote(Instant now) {
        if (phase != Phase.PAUSED && phase != Phase.PROGRESSING) {
            throw new IllegalStateException("cannot promote: the rollout is already " + phase.text());
        }
        switchAt(now, "promoted by hand");
    }

    /**
     * A person's undo after the switch: every request back to the old revision at once.
     *
     * @throws IllegalStateException before the switch (abort instead), or once the scale-down delay has passed
     */
    public void undo(Instant now) {
        if (phase != Phase.PROMOTED) {
            throw new IllegalStateException("cannot undo: the rollout is " + phase.text() + " (expected: promoted"
                + (phase.isFinal() ? ")" : "; abort the preview instead)"));
        }
        if (oldRetired || oldCanGo(now)) {
            throw new IllegalStateException("cannot undo: scale-down-delay " + DurationText.format(scaleDownDelay)
                + " has passed since the switch and the old revision is gone (deploy it again)");
        }
        end(Phase.ROLLED_BACK, "rolled back by hand: the old revision serves every request again");
    }

    /**
     * A person's (or the caller's) abort of the preview: green gets no requests and may go.
     *
     * @throws IllegalStateException once switched (undo instead) or over
     */
    @Override
    public void abort(String why) {
        if (phase != Phase.PAUSED && phase != Phase.PROGRESSING) {
            throw new IllegalStateException("cannot abort: the rollout is already " + phase.text()
                + (phase == Phase.PROMOTED ? " (undo it instead)" : ""));
        }
        end(Phase.ABORTED, why);
    }

    /**
     * Whether the old revision may drain: the switch was at least {@code scale-down-delay} ago (always false before
     * the switch and after an undo).
     */
    public boolean oldCanGo(Instant now) {
        return phase == Phase.PROMOTED && (oldRetired || !now.isBefore(switchedAt.plus(scaleDownDelay)));
    }

    @Override
    public int weightBasisPoints() {
        return phase == Phase.PROMOTED ? Step.ALL : 0;
    }

    @Override
    public Phase phase() {
        return phase;
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

    private void awaitPromotionUnlessAuto() {
        if (!autoPromote && (analysis == null || analysisPassed)) {
            phase = Phase.PAUSED;
            reason = analysis == null ? "preview: waiting for promote"
                : "preview: pre-promotion analysis passed; waiting for promote";
        }
    }

    private void switchAt(Instant now, String why) {
        phase = Phase.PROMOTED;
        switchedAt = now;
        reason = why;
        analysisPending = false;
    }

    private void end(Phase finalPhase, String why) {
        phase = finalPhase;
        reason = why;
        analysisPending = false;
    }
}
