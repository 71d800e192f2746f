package dev.horizon.control;

import dev.horizon.deploy.Action;
import dev.horizon.deploy.AnalysisSettings;
import dev.horizon.deploy.BlueGreenRun;
import dev.horizon.deploy.Phase;
import dev.horizon.duration.DurationText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A blue-green rollout: the new revision (green) starts at the full desired count beside the serving one (blue) and
 * gets no ordinary request — only previews (the {@code deploy.preview} header or cookie set to {@code always}) reach
 * it. Once every green instance takes requests, the preview begins ({@link BlueGreenRun}): with
 * {@code deploy.pre-promotion-analysis} the analysis judges green against blue first; the switch comes by
 * {@code horizon rollout promote}, or at once with {@code deploy.auto-promote}. The switch moves every request to
 * green in one atomic swap of the gateway's snapshot; blue keeps running for {@code deploy.scale-down-delay}, during
 * which {@code horizon rollout undo} switches back as instantly, and then drains. Both revisions follow the desired
 * count until blue drains.
 */
final class BlueGreenRollout implements RolloutRun {

    private final RolloutContext c;
    private final Revision blue;
    private final Revision green;
    private final String started;
    private final List<String> analysis = new ArrayList<>();
    private @Nullable BlueGreenRun run;
    private @Nullable String switchedAt;
    private String reason;
    private final Retirement end = new Retirement();
    /** The phase an abort or undo before the switch ended it in (the machine may not have begun), or null. */
    private @Nullable Phase ending;

    BlueGreenRollout(RolloutContext c, Revision blue, Revision green, Instant now, @Nullable RolloutRecord resumed) {
        this.c = c;
        this.blue = blue;
        this.green = green;
        this.started = resumed == null ? now.toString() : resumed.started();
        this.reason = "starting " + green.label();
        c.split(blue, green, 0);
        if (c.fleets().fleet(green.number()) == null) {
            c.fleets().start(green, c.fleets().desired());
        }
        c.fleets().split(d -> {
            c.desire(green, d);
            c.desire(blue, d);
        });
    }

    private @Nullable AnalysisSettings preview() {
        return c.config().prePromotionAnalysis() ? c.config().analysis() : null;
    }

    @Override
    public void tick(Instant now) {
        if (end.ended()) {
            end.settle(c);
            return;
        }
        BlueGreenRun r = run;
        if (r == null) {
            int desired = c.fleets().desired();
            int ready = c.serving(green);
            if (ready < desired) {
                reason = "starting " + green.label() + ": " + ready + " of " + desired + " instances take requests";
                return;
            }
            r = new BlueGreenRun(preview(), c.config().autoPromote(), c.config().scaleDownDelay(), now);
            run = r;
            c.view().takeRevisionSamples(c.service());
            reason = "all " + desired + " instances of " + green.label() + " take requests; previews reach them ("
                + c.config().previewHeader() + ": always)" + (r.phase() == Phase.PAUSED ? "; horizon rollout promote "
                + c.service() + " switches every request to them" : "");
        }
        Action a = r.tick(now);
        if (a == Action.ANALYZE) {
            analysis.add(CanaryRollout.judge(c, blue, green, r, now));
            while (analysis.size() > RolloutRecord.ANALYSIS_KEPT) {
                analysis.removeFirst();
            }
            a = r.tick(now);
        }
        if (a == Action.PROMOTED) {
            switchNow(now);
        } else if (a == Action.RETIRE_OLD) {
            c.fleets().split(null);
            end.begin(c.fleets().retire(blue.number()));
            reason = "promoted: " + green.label() + " serves every request; " + blue.label() + " drains after its "
                + "scale-down delay";
            c.say(reason);
        } else if (r.phase() == Phase.ABORTED && !end.ended()) {
            back(r.reason());
        } else if (r.phase() == Phase.PAUSED && !r.reason().isEmpty() && !reason.equals(r.reason())
            && r.reason().contains("inconclusive")) {
            reason = r.reason();
        }
    }

    private void switchNow(Instant now) {
        switchedAt = now.toString();
        c.save(record());
        c.split(blue, green, 10_000);
        c.fleets().serve(green.number());
        reason = "switched: every request goes to " + green.label() + "; " + blue.label() + " stays "
            + DurationText.format(c.config().scaleDownDelay()) + " for an instant undo";
        c.say(reason);
    }

    @Override
    public RolloutRecord record() {
        BlueGreenRun r = run;
        Phase e = ending;
        String phase = e != null ? e.text() : r == null ? Phase.PROGRESSING.text() : r.phase().text();
        return new RolloutRecord(c.service(), "blue-green", blue.number(), green.number(), phase,
            r == null ? 0 : r.weightBasisPoints() / 100.0, 0, 0, reason, started, r == null ? 0 : r.failures(), 0,
            switchedAt, analysis);
    }

    @Override
    public String promote(Instant now, boolean full) {
        BlueGreenRun r = run;
        if (r == null) {
            throw new IllegalStateException(c.service() + ": " + c.serving(green) + " of " + c.fleets().desired()
                + " instances of " + green.label() + " take requests; promote when all do");
        }
        r.promote(now);
        switchNow(now);
        return c.service() + ": " + reason;
    }

    @Override
    public String abort(String why) {
        end(Phase.ABORTED, why);
        return c.service() + ": rollout of " + green.label() + " aborted; " + green.label() + " drains";
    }

    /** Abort or undo before the switch: green gets no request and drains. */
    private void end(Phase p, String why) {
        BlueGreenRun r = run;
        if (r != null && !r.phase().isFinal()) {
            r.abort(why);
        } else if (r != null) {
            throw new IllegalStateException(c.service() + ": the rollout of " + green.label() + " is "
                + r.phase().text() + (r.phase() == Phase.PROMOTED ? "; horizon rollout undo " + c.service()
                + " switches back" : ""));
        }
        ending = p;
        back(why);
    }

    @Override
    public String undo(Instant now) {
        BlueGreenRun r = run;
        if (r == null || r.phase() != Phase.PROMOTED) {
            end(Phase.ROLLED_BACK, "undone by horizon rollout undo");
            return c.service() + ": rollout of " + green.label() + " rolled back; " + green.label() + " drains";
        }
        r.undo(now);
        back("undone by horizon rollout undo");
        return c.service() + ": every request goes to " + blue.label() + " again; " + green.label() + " drains";
    }

    private void back(String why) {
        if (end.ended()) {
            throw new IllegalStateException(c.service() + ": the rollout of " + green.label() + " has ended");
        }
        reason = why;
        c.save(record());
        c.split(blue, green, 0);
        c.fleets().serve(blue.number());
        c.fleets().split(null);
        end.begin(c.fleets().retire(green.number()));
        c.say("rollout " + record().phase() + ": " + why + "; every request goes to " + blue.label());
    }

    @Override
    public boolean ended() {
        return end.ended();
    }

    @Override
    public boolean settled() {
        return end.settled();
    }
}
