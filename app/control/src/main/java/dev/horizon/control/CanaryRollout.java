package dev.horizon.control;

import dev.horizon.deploy.Action;
import dev.horizon.deploy.Analysis;
import dev.horizon.deploy.AnalysisSettings;
import dev.horizon.deploy.CanaryRun;
import dev.horizon.deploy.Phase;
import dev.horizon.deploy.Rollout;
import dev.horizon.deploy.Verdict;
import dev.horizon.deploy.Window;
import dev.horizon.duration.DurationText;
import dev.horizon.gateway.ServicesView.RevisionSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A canary rollout: the new revision's fleet beside the stable one, the gateway splitting requests by the step's
 * exact weight (not by instance counts), an analysis of canary against stable over the same window every interval,
 * and the step machine ({@link CanaryRun}) deciding from its verdicts. The steps start (or, after a restart, resume)
 * once the canary has an instance taking requests; until then its weight is 0 and nothing is judged.
 *
 * <p>Counts (the service's desired count D split across the revisions): the canary runs {@code max(1, ceil(D × w))}
 * instances for the step's weight w, and the stable revision {@code max(1, ceil(D × (1 − a)))} for the weight a the
 * gateway applies now, so the stable revision is never scaled in below what its share needs (together they may run
 * one more than D). A higher weight reaches the gateway only once the canary has the instances it needs, so a good
 * canary is never judged overloaded. Promotion scales the canary to D, switches all traffic once D of its instances
 * take requests (or aborts when that has not happened within {@code deploy.progress-deadline}), then drains the stable
 * revision; an abort sends every request to the stable revision at once, scales it back to D and drains the canary.
 * The record says {@code promoted} only once the switch is made, and an abort or undo is written before it acts.
 */
final class CanaryRollout implements RolloutRun {

    private final RolloutContext c;
    private final Revision stable;
    private final Revision next;
    private final String started;
    private final List<String> analysis = new ArrayList<>();
    // volatile: the autoscaler's thread reads them through divide
    private volatile @Nullable CanaryRun run;
    private volatile String phase = Phase.PROGRESSING.text();
    private volatile int applied;
    private volatile boolean switched;
    private CanaryRun.@Nullable State resume;
    private @Nullable Instant promoting;
    private String reason;
    private final Retirement end = new Retirement();

    CanaryRollout(RolloutContext c, Revision stable, Revision next, Instant now, @Nullable RolloutRecord resumed) {
        this.c = c;
        this.stable = stable;
        this.next = next;
        this.started = resumed == null ? now.toString() : resumed.started();
        this.reason = "waiting for " + next.label() + "'s first instance to take requests";
        if (resumed != null && resumed.step() > 0) {
            int step = Math.min(resumed.step(), c.config().steps().size()) - 1; // the steps may have changed since
            Phase p = RolloutContext.phase(resumed.phase());
            resume = new CanaryRun.State(p, step, resumed.failures(), resumed.inconclusive(),
                p == Phase.PROGRESSING ? "" : resumed.reason(), null);
            phase = p.text();
            analysis.addAll(resumed.analysis());
        }
        c.split(stable, next, 0);
        if (c.fleets().fleet(next.number()) == null) {
            c.fleets().start(next, 1);
        }
        c.fleets().split(this::divide);
    }

    /** The desired count D split across the revisions; see the class comment. */
    private void divide(int desired) {
        CanaryRun r = run;
        int target = promoting() ? 10_000 : r == null ? 0 : r.weightBasisPoints();
        c.desire(next, Math.max(1, ceilShare(desired, target)));
        c.desire(stable, Math.max(1, ceilShare(desired, 10_000 - applied)));
    }

    private boolean promoting() {
        return phase.equals(Phase.PROMOTED.text());
    }

    private static int ceilShare(int desired, int basisPoints) {
        return (int) ((desired * (long) basisPoints + 9_999) / 10_000);
    }

    @Override
    public void tick(Instant now) {
        if (end.ended()) {
            end.settle(c);
            return;
        }
        if (promoting()) {
            finishPromotion(now);
            return;
        }
        CanaryRun r = run;
        if (r == null) {
            if (c.serving(next) == 0) {
                return;
            }
            CanaryRun.@Nullable State s = resume;
            r = s == null ? new CanaryRun(c.config().steps(), c.config().analysis(), now)
                : CanaryRun.restore(s, c.config().steps(), c.config().analysis(), now);
            run = r;
            resume = null;
            c.view().takeRevisionSamples(c.service()); // the first window starts now
            c.say("canary " + next.label() + " takes requests; step " + (r.stepIndex() + 1) + "/"
                + c.config().steps().size() + " at " + percent(r.weightBasisPoints()) + " (" + r.phase().text() + ")");
        }
        if (r.tick(now) == Action.ANALYZE) {
            judge(r, now);
            r.tick(now);
        }
        follow(r, now);
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
        return now + " " + v.outcome().name().toLowerCase(Locale.ROOT) + ": " + v.reason();
    }

    private static Window window(@Nullable RevisionSample s) {
        return s == null ? Window.EMPTY : new Window(s.requests(), s.errors(), s.latenciesMs());
    }

    /** Applies what the step machine decided: the end of the rollout, or the weight and the counts. */
    private void follow(CanaryRun r, Instant now) {
        Phase p = r.phase();
        String was = phase;
        if (p == Phase.ABORTED) {
            phase = p.text();
            reason = r.reason();
            c.save(record());
            abortNow(r.reason());
            return;
        }
        if (p == Phase.PROMOTED) {
            phase = p.text();
            promoting = now;
            c.say("canary " + next.label() + " passed every step; promoting: scaling it to " + c.fleets().desired()
                + " before all traffic moves");
            c.fleets().setDesired(c.fleets().desired());
            finishPromotion(now);
            return;
        }
        phase = p.text();
        Instant until = r.stepEndsAt();
        reason = !r.reason().isEmpty() ? r.reason() : "step " + (r.stepIndex() + 1) + "/" + c.config().steps().size()
            + " at " + percent(r.weightBasisPoints()) + (until != null ? " until " + until
                : c.config().analysis() != null ? " until an analysis passes" : "");
        applyWeight(r.weightBasisPoints());
        if (!was.equals(phase)) {
            c.say("rollout " + phase + ": " + reason);
        }
    }

    /** The step's weight to the gateway: at once when lower, once the canary has the instances it needs when higher. */
    private void applyWeight(int target) {
        if (target == applied) {
            return;
        }
        c.fleets().setDesired(c.fleets().desired()); // the canary's count for the target first
        int needed = Math.max(1, ceilShare(c.fleets().desired(), target));
        if (target > applied && c.serving(next) < needed) {
            reason = reason + "; " + percent(target) + " waits for " + needed + " instances of " + next.label()
                + " to take requests (" + c.serving(next) + " do)";
            return;
        }
        c.split(stable, next, target);
        applied = target;
        c.fleets().setDesired(c.fleets().desired()); // then the stable revision's for what it serves now
        c.say("canary " + next.label() + " at " + percent(target));
    }

    /** Once D instances of the new revision take requests: all traffic to it, the stable revision drained. */
    private void finishPromotion(Instant now) {
        int desired = c.fleets().desired();
        int ready = c.serving(next);
        Instant since = Objects.requireNonNull(promoting);
        if (ready >= desired) {
            c.split(stable, next, 10_000);
            applied = 10_000;
            c.fleets().serve(next.number());
            switched = true;
            reason = "promoted: " + next.label() + " serves every request; " + stable.label() + " drains";
            c.save(record());
            c.fleets().split(null);
            end.begin(c.fleets().retire(stable.number()));
            c.say(reason);
        } else if (now.isAfter(since.plus(c.config().progressDeadline()))) {
            phase = Phase.ABORTED.text();
            reason = "promotion stalled: " + ready + " of " + desired + " instances of " + next.label() + " took "
                + "requests within " + DurationText.format(c.config().progressDeadline())
                + " (deploy.progress-deadline)";
            c.save(record());
            abortNow(reason);
        } else {
            reason = "promoting: " + ready + " of " + desired + " instances of " + next.label() + " take requests";
        }
    }

    /** Every request to the stable revision now, which returns to the desired count; the canary drains. */
    private void abortNow(String why) {
        c.split(stable, next, 0);
        applied = 0;
        c.fleets().split(null);
        end.begin(c.fleets().retire(next.number()));
        reason = why;
        c.say("rollout " + phase + ": " + why + "; every request goes to " + stable.label() + ", " + next.label()
            + " drains");
    }

    @Override
    public RolloutRecord record() {
        CanaryRun r = run;
        CanaryRun.@Nullable State s = resume;
        int step = r != null ? r.stepIndex() + 1 : s != null ? s.stepIndex() + 1 : 0;
        String shown = promoting() && !switched ? Phase.PROGRESSING.text() : phase;
        return new RolloutRecord(c.service(), "canary", stable.number(), next.number(), shown, applied / 100.0, step,
            c.config().steps().size(), reason, started, r != null ? r.failures() : s != null ? s.failures() : 0,
            r != null ? r.state().inconclusiveInARow() : s != null ? s.inconclusiveInARow() : 0, null, analysis);
    }

    @Override
    public String promote(Instant now, boolean full) {
        CanaryRun r = run;
        if (r == null) {
            throw new IllegalStateException(c.service() + ": canary " + next.label()
                + " has no instance taking requests yet; promote once it has");
        }
        if (end.ended() || promoting()) {
            throw new IllegalStateException(c.service() + ": the rollout of " + next.label() + " is " + (end.ended()
                ? phase : "promoting already"));
        }
        if (full) {
            r.promoteFully(now);
        } else {
            r.promote(now);
        }
        follow(r, now);
        return c.service() + ": " + (full ? "promoting " + next.label() + " fully" : "canary " + next.label() + " "
            + (promoting() ? "promoting" : "now at step " + (r.stepIndex() + 1) + ", "
                + percent(r.weightBasisPoints())));
    }

    @Override
    public String abort(String why) {
        end(Phase.ABORTED, why);
        return c.service() + ": rollout of " + next.label() + " aborted; every request goes to " + stable.label();
    }

    @Override
    public String undo(Instant now) {
        end(Phase.ROLLED_BACK, "undone by horizon rollout undo");
        return c.service() + ": rolled back to " + stable.label() + "; " + next.label() + " drains";
    }

    /** A person's abort or undo, also while promoting: recorded first, then every request back to stable. */
    private void end(Phase p, String why) {
        if (end.ended()) {
            throw new IllegalStateException(c.service() + ": the rollout of " + next.label() + " has ended (" + phase
                + ")");
        }
        CanaryRun r = run;
        if (r != null && !r.phase().isFinal()) {
            r.abort(why);
        }
        phase = p.text();
        reason = why;
        c.save(record());
        abortNow(why);
    }

    @Override
    public boolean ended() {
        return end.ended();
    }

    @Override
    public boolean settled() {
        return end.settled();
    }

    static String percent(int basisPoints) {
        return basisPoints % 100 == 0 ? basisPoints / 100 + "%" : basisPoints / 100.0 + "%";
    }
}
