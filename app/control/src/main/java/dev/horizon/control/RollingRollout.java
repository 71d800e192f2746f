package dev.horizon.control;

import dev.horizon.deploy.Phase;
import dev.horizon.deploy.RollingBudget;
import dev.horizon.duration.DurationText;
import dev.horizon.fleet.FleetStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rolling update, as a Kubernetes Deployment rolls its ReplicaSets: every tick the new revision's and the old one's
 * counts are set by {@link RollingBudget} ({@code deploy.max-surge} above the desired count at most,
 * {@code deploy.max-unavailable} below it at most, counting only instances that take requests), so the old revision
 * shrinks only as new instances are ready. Both revisions take requests alike meanwhile (no split). No progress (an
 * instance more of the new revision taking requests, or one fewer of the old) for {@code deploy.progress-deadline}
 * rolls back: the new revision drains and the old one returns to the desired count.
 */
final class RollingRollout implements RolloutRun {

    private final RolloutContext c;
    private final Revision old;
    private final Revision next;
    private final String started;
    private final RollingBudget budget;
    private String phase = Phase.PROGRESSING.text();
    private String reason;
    private Instant progressed;
    private int lastNew = -1;
    private int lastOld = -1;
    private final Retirement end = new Retirement();

    RollingRollout(RolloutContext c, Revision old, Revision next, Instant now, @Nullable RolloutRecord resumed) {
        this.c = c;
        this.old = old;
        this.next = next;
        this.started = resumed == null ? now.toString() : resumed.started();
        this.budget = new RollingBudget(c.config().maxSurge(), c.config().maxUnavailable());
        this.progressed = now;
        this.reason = "starting " + next.label();
        c.unsplit(); // a split an earlier rollout left while its losing revision drains would hide this one's
        if (c.fleets().fleet(next.number()) == null) {
            c.fleets().start(next, 0);
        }
        c.fleets().split(d -> {
        }); // the ticks set both counts from the desired one
    }

    @Override
    public void tick(Instant now) {
        if (end.ended()) {
            end.settle(c);
            return;
        }
        int desired = c.fleets().desired();
        FleetStatus ns = c.status(next); // one status per fleet per tick: its counts agree with each other
        FleetStatus os = c.status(old);
        int newReady = ns == null ? 0 : ns.ready() + ns.warming();
        int oldReady = os == null ? 0 : os.ready() + os.warming();
        int newTotal = ns == null ? 0 : ns.active();
        int oldTotal = os == null ? 0 : os.active();
        if (newReady != lastNew || oldTotal != lastOld) {
            progressed = now;
            lastNew = newReady;
            lastOld = oldTotal;
        }
        if (newReady >= desired && oldTotal == 0) {
            phase = Phase.PROMOTED.text();
            reason = "rolled out: " + desired + " instances of " + next.label() + " take requests";
            c.save(record());
            c.fleets().serve(next.number());
            c.fleets().split(null);
            c.fleets().setDesired(desired);
            end.begin(c.fleets().retire(old.number()));
            c.say(reason);
            return;
        }
        if (now.isAfter(progressed.plus(c.config().progressDeadline()))) {
            rollBack(Phase.ROLLED_BACK, "no progress for " + DurationText.format(c.config().progressDeadline())
                + " (deploy.progress-deadline): " + newReady + " of " + desired + " instances of " + next.label()
                + " take requests");
            return;
        }
        RollingBudget.Targets t = budget.next(desired, newReady, newTotal, oldTotal, oldReady);
        c.desire(next, t.newInstances());
        c.desire(old, t.oldInstances());
        reason = newReady + " of " + desired + " instances of " + next.label() + " take requests; " + oldTotal
            + " of " + old.label() + " left";
    }

    private void rollBack(Phase p, String why) {
        phase = p.text();
        reason = why;
        c.save(record());
        c.fleets().split(null);
        c.fleets().setDesired(c.fleets().desired());
        end.begin(c.fleets().retire(next.number()));
        c.say("rollout " + phase + ": " + why + "; " + old.label() + " returns to " + c.fleets().desired()
            + " instances");
    }

    @Override
    public RolloutRecord record() {
        int desired = Math.max(1, c.fleets().desired());
        double share = end.ended() ? (phase.equals(Phase.PROMOTED.text()) ? 100 : 0)
            : Math.min(100, Math.round(1000.0 * c.serving(next) / desired) / 10.0);
        return new RolloutRecord(c.service(), "rolling", old.number(), next.number(), phase, share, 0, 0, reason,
            started, 0, 0, null, List.of());
    }

    @Override
    public String promote(Instant now, boolean full) {
        throw new IllegalStateException(c.service() + ": a rolling update promotes itself as new instances become "
            + "ready; nothing to promote");
    }

    @Override
    public String abort(String why) {
        if (end.ended()) {
            throw new IllegalStateException(c.service() + ": the rollout of " + next.label() + " has ended ("
                + phase + ")");
        }
        rollBack(Phase.ABORTED, why);
        return c.service() + ": rolling update to " + next.label() + " aborted; " + old.label() + " returns to "
            + c.fleets().desired() + " instances";
    }

    @Override
    public String undo(Instant now) {
        if (end.ended()) {
            throw new IllegalStateException("ended");
        }
        rollBack(Phase.ROLLED_BACK, "undone by horizon rollout undo");
        return c.service() + ": rolling back to " + old.label();
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
