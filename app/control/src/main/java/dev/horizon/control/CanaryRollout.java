package dev.horizon.control;

import dev.horizon.deploy.Action;
import dev.horizon.deploy.Analysis;
import dev.horizon.deploy.AnalysisSettings;
import dev.horizon.deploy.CanaryRun;
import dev.horizon.deploy.Phase;
import dev.horizon.deploy.Rollout;
import dev.horizon.deploy.Verdict;
import dev.horizon.deploy.Window;
import dev.horizon.gateway.ServicesView.RevisionSample;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A canary rollout: the new revision's fleet beside the stable one, the gateway splitting requests by the step's
 * exact weight (not by instance counts), an analysis of canary against stable over the same window every interval,
 * and the step machine ({@link CanaryRun}) deciding from its verdicts. The steps start once the canary has an
 * instance taking requests; until then the weight is 0 and nothing is judged.
 *
 * <p>Counts during the rollout (the autoscaler's desired count D split across the revisions): the canary runs
 * {@code max(1, ceil(D × w))} instances and the stable revision {@code max(1, ceil(D × (1 − w)))}, so each revision has
 * what its share of the requests needs and the stable one is never scaled in below it (together they may run one more
 * than D). Promotion scales the canary to D first, switches all traffic once D of its instances take requests, then
 * drains the stable revision; an abort sends every request to the stable revision at once, scales it back to D and
 * drains the canary.
 */
final class CanaryRollout implements RolloutRun {

    private final RolloutContext c;
    private final Revision stable;
    private final Revision next;
    private final String started;
    // volatile: the autoscaler's thread reads them through divide, outside the Rollouts lock
    private volatile @Nullable CanaryRun run;
    private final List<String> analysis = new ArrayList<>();
    private volatile String phase = Phase.PROGRESSING.text();
    private String reason;
    private volatile boolean switched;
    private boolean ended;
    private boolean settled;
    private @Nullable CompletableFuture<Void> retiring;

    CanaryRollout(RolloutContext c, Revision stable, Revision next, Instant now, @Nullable RolloutRecord resumed) {
        this.c = c;
        this.stable = stable;
        this.next = next;
        this.started = resumed == null ? now.toString() : resumed.started();
        this.reason = "waiting for " + next.label() + "'s first instance to take requests";
        c.split(stable, next, 0);
        if (c.fleets().fleet(next.number()) == null) {
            c.fleets().start(next, 1);
        }
        c.fleets().split(this::divide);
        if (resumed != null && resumed.step() > 0) {
            CanaryRun r = CanaryRun.restore(new CanaryRun.State(RolloutContext.phase(resumed.phase()),
                resumed.step() - 1, resumed.failures(), resumed.inconclusive(), resumed.phase().equals("progressing")
                    ? "" : resumed.reason(), null), c.config().steps(), c.config().analysis(), now);
            run = r;
            phase = r.phase().text();
            reason = resumed.reason();
            c.view().takeRevisionSamples(c.service()); // the first window after the restart starts now
            analysis.addAll(resumed.analysis());
            c.split(stable, next, r.weightBasisPoints());
            c.fleets().setDesired(c.fleets().desired());
        }
    }

    /** The desired count D split across the revisions at the weight in effect. */
    private void divide(int desired) {
        CanaryRun r = run;
        int w = r == null ? 0 : r.weightBasisPoints();
        if (phase.equals(Phase.PROMOTED.text())) {
            c.desire(next, desired);
            if (!switched) {
                c.desire(stable, desired);
            }
            return;
        }
        if (phase.equals(Phase.ABORTED.text()) || phase.equals(Phase.ROLLED_BACK.text())) {
            c.desire(stable, desired);
            return;
        }
        c.desire(next, Math.max(1, ceilShare(desired, w)));
        c.desire(stable, Math.max(1, ceilShare(desired, 10_000 - w)));
    }

    private static int ceilShare(int desired, int basisPoints) {
        return (int) ((desired * (long) basisPoints + 9_999) / 10_000);
    }

    @Override
    public void tick(Instant now) {
        if (ended) {
            retired();
            return;
        }
        if (phase.equals(Phase.PROMOTED.text())) {
            finishPromotion();
            return;
        }
        CanaryRun r = run;
        if (r == null) {
            if (c.serving(next) == 0) {
                return;
            }
            r = new CanaryRun(c.config().steps(), c.config().analysis(), now);
            run = r;
            c.view().takeRevisionSamples(c.service()); // the first window starts now
            c.split(stable, next, r.weightBasisPoints());
            c.fleets().setDesired(c.fleets().desired());
            c.say("canary " + next.label() + " takes requests; step 1/" + c.config().steps().size() + " at "
                + percent(r.weightBasisPoints()));
        }
        int weightBefore = r.weightBasisPoints();
        if (r.tick(now) == Action.ANALYZE) {
            judge(r, now);
            r.tick(now);
        }
        follow(r, weightBefore);
    }

    private void judge(CanaryRun r, Instant now) {
        analysis.add(judge(c, stable, next, r, now));
        while (analysis.size() > RolloutRecord.ANALYSIS_KEPT) {
            analysis.removeFirst();
        }
    }

    /**
     * One analysis run: the new revision's window against the stable one's since the last run (the gateway's
     * per-revision samples), judged and recorded in {@code machine}; returns the verdict as a line for the record.
     */
    static String judge(RolloutContext c, Revision stable, Revision next, Rollout machine, Instant now) {
        Map<String, RevisionSample> samples = c.view().takeRevisionSamples(c.service());
        AnalysisSettings settings = Objects.requireNonNull(c.config().analysis(), "ANALYZE needs the analysis on");
        Verdict v = Analysis.judge(settings, window(samples.get(stable.label())), window(samples.get(next.label())));
        machine.record(v, now);
        return now + " " + v.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + v.reason();
    }

    private static Window window(@Nullable RevisionSample s) {
        return s == null ? Window.EMPTY : new Window(s.requests(), s.errors(), s.latenciesMs());
    }

    /** Applies what the step machine decided: weight, counts, and the end of the rollout. */
    private void follow(CanaryRun r, int weightBefore) {
        Phase p = r.phase();
        String was = phase;
        phase = p.text();
        Instant until = r.stepEndsAt();
        reason = !r.reason().isEmpty() ? r.reason() : "step " + (r.stepIndex() + 1) + "/" + c.config().steps().size()
            + " at " + percent(r.weightBasisPoints()) + (until != null ? " until " + until
                : c.config().analysis() != null ? " until an analysis passes" : "");
        if (p == Phase.ABORTED) {
            if (!was.equals(phase)) {
                abortNow(r.reason());
            }
            return;
        }
        if (p == Phase.PROMOTED) {
            c.say("canary " + next.label() + " passed every step; promoting: scaling it to "
                + c.fleets().desired() + " before all traffic moves");
            c.fleets().setDesired(c.fleets().desired());
            finishPromotion();
            return;
        }
        if (r.weightBasisPoints() != weightBefore) {
            c.split(stable, next, r.weightBasisPoints());
            c.fleets().setDesired(c.fleets().desired());
            c.say("canary " + next.label() + " at " + percent(r.weightBasisPoints()) + " (step " + (r.stepIndex() + 1)
                + "/" + c.config().steps().size() + ")");
        }
        if (!was.equals(phase)) {
            c.say("rollout " + phase + ": " + reason);
        }
    }

    /** Once D instances of the new revision take requests: all traffic to it, the stable revision drained. */
    private void finishPromotion() {
        int desired = c.fleets().desired();
        if (!switched && c.serving(next) >= desired) {
            c.split(stable, next, 10_000);
            c.fleets().serve(next.number());
            switched = true;
            c.fleets().split(null);
            retiring = c.fleets().retire(stable.number());
            ended = true;
            reason = "promoted: " + next.label() + " serves every request; " + stable.label() + " drains";
            c.say(reason);
        } else if (!switched) {
            reason = "promoting: " + c.serving(next) + " of " + desired + " instances of " + next.label()
                + " take requests";
        }
    }

    private void abortNow(String why) {
        c.split(stable, next, 0);
        c.fleets().split(null);
        c.fleets().setDesired(c.fleets().desired());
        retiring = c.fleets().retire(next.number());
        ended = true;
        reason = why;
        c.say("rollout " + phase + ": " + why + "; every request goes to " + stable.label() + ", " + next.label()
            + " drains");
    }

    @Override
    public RolloutRecord record() {
        CanaryRun r = run;
        double weight = switched ? 100 : r == null ? 0 : r.weightBasisPoints() / 100.0;
        return new RolloutRecord(c.service(), "canary", stable.number(), next.number(), phase, weight,
            r == null ? 0 : r.stepIndex() + 1, c.config().steps().size(), reason, started,
            r == null ? 0 : r.failures(), r == null ? 0 : r.state().inconclusiveInARow(), null, analysis);
    }

    @Override
    public String promote(Instant now, boolean full) {
        CanaryRun r = run;
        if (r == null) {
            throw new IllegalStateException(c.service() + ": canary " + next.label()
                + " has no instance taking requests yet; promote once it has");
        }
        if (r.phase() != Phase.PROGRESSING && r.phase() != Phase.PAUSED) {
            throw new IllegalStateException(c.service() + ": the rollout of " + next.label() + " is " + phase);
        }
        int before = r.weightBasisPoints();
        if (full) {
            r.promoteFully(now);
        } else {
            r.promote(now);
        }
        follow(r, before);
        return c.service() + ": " + (full ? "promoting " + next.label() + " fully" : "canary " + next.label() + " "
            + (phase.equals(Phase.PROMOTED.text()) ? "promoted" : "now at " + percent(r.weightBasisPoints())));
    }

    @Override
    public String abort(String why) {
        if (ended) {
            throw new IllegalStateException(c.service() + ": the rollout of " + next.label() + " has ended ("
                + phase + ")");
        }
        CanaryRun r = run;
        if (r != null) {
            r.abort(why);
        }
        phase = Phase.ABORTED.text();
        abortNow(why);
        return c.service() + ": rollout of " + next.label() + " aborted; every request goes to " + stable.label();
    }

    @Override
    public String undo(Instant now) {
        if (ended) {
            throw new IllegalStateException("ended");
        }
        phase = Phase.ROLLED_BACK.text();
        CanaryRun r = run;
        if (r != null) {
            r.abort("undone by horizon rollout undo");
        }
        abortNow("undone by horizon rollout undo");
        return c.service() + ": rolled back to " + stable.label() + "; " + next.label() + " drains";
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean settled() {
        return settled;
    }

    /**
     * The split stays until the losing revision has drained and stopped, so none of its instances takes an ordinary
     * request meanwhile; then it goes and the rollout is settled.
     */
    private boolean retired() {
        CompletableFuture<Void> r = retiring;
        if (r == null || !r.isDone()) {
            return false;
        }
        c.unsplit();
        settled = true;
        return true;
    }

    static String percent(int basisPoints) {
        return basisPoints % 100 == 0 ? basisPoints / 100 + "%" : basisPoints / 100.0 + "%";
    }
}
