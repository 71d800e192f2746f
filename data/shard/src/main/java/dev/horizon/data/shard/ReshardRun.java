package dev.horizon.data.shard;

import dev.horizon.data.shard.ReshardEvent.Step;
import dev.horizon.data.shard.ReshardEvent.StepStarted;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** One run of a {@link Resharder}: the steps in order, the switch attempts, and the rollback on failure. */
final class ReshardRun {

    private final ShardRouter router;
    private final ShardRouter.Topology current;
    private final ReshardPlan plan;
    private final SwitchOver.@Nullable EpochMove move;
    private final Resharder.Settings settings;
    private final ReshardListener events;
    private final RowSql sql = new RowSql();
    private final ChangeCapture capture;
    private final CatchUp catchUp;
    private final SwitchOver switchOver;

    ReshardRun(ShardRouter router, ShardRouter.Topology current, ReshardPlan plan,
            SwitchOver.@Nullable EpochMove move, Resharder.Settings settings) {
        this.router = router;
        this.current = current;
        this.plan = plan;
        this.move = move;
        this.settings = settings;
        this.events = settings.listener();
        this.capture = new ChangeCapture(plan.tables());
        ChangeSync sync = new ChangeSync(plan, sql);
        this.catchUp = new CatchUp(plan, capture, sync, settings.convergence(), events);
        this.switchOver = new SwitchOver(plan, capture, sync, move, events);
    }

    /** What the switch did, measured. */
    private record Switched(SwitchOver.Outcome outcome, Duration pause, long caughtUp) {}

    Resharder.Report run() throws SQLException, InterruptedException {
        events.on(new StepStarted(Step.CAPTURE, "capture: logging writes on " + plan.old().size() + " shard(s)"));
        Preflight.check(plan, move);
        Map<String, Long> moved;
        Switched switched;
        try {
            for (DataSource s : plan.old()) {
                try (Connection c = s.getConnection()) {
                    capture.install(c);
                }
            }
            events.on(new StepStarted(Step.COPY, "copy: " + plan.from() + " -> " + plan.to()));
            moved = new RowCopy(plan, events).run();
            events.on(new StepStarted(Step.CATCH_UP, "catch up: applying the writes made during the copy"));
            long caughtUp = catchUp.run().applied();
            events.on(new StepStarted(Step.VERIFY, "verify: counts and checksums of the moved rows per key range"));
            new RangeChecksums(plan, capture, events).run();
            switched = switchOver(caughtUp);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            rollBack(e);
            throw e;
        }
        long epoch = move == null ? 0 : move.to().epoch();
        Resharder.tell(events, new ReshardEvent.Switched(plan.to(), epoch, switched.pause(),
            switched.outcome().unfinished()));
        cleanUp();
        if (!switched.outcome().unfinished().isEmpty()) {
            throw new SQLException("switched to " + plan.to() + ", but: " + switched.outcome().unfinished().getFirst());
        }
        return new Resharder.Report(plan.to(), moved, switched.caughtUp() + switched.outcome().applied(),
            switched.pause(), epoch);
    }

    /** Catch-up then a switch attempt, until one commits or the attempts run out. */
    private Switched switchOver(long caughtUp) throws SQLException, InterruptedException {
        long applied = caughtUp;
        for (int attempt = 1; ; attempt++) {
            events.on(new StepStarted(Step.CATCH_UP, "catch up: applying the writes made since"));
            applied += catchUp.run().applied();
            events.on(new StepStarted(Step.SWITCH, "switch: pausing writes (at most " + settings.maxPause().toMillis()
                + " ms), attempt " + attempt + " of " + settings.switchAttempts()));
            PauseDeadline deadline = new PauseDeadline(settings.clock(), settings.maxPause());
            try {
                SwitchOver.Outcome outcome = pauseAndSwitch(deadline, attempt);
                return new Switched(outcome, deadline.elapsed(), applied);
            } catch (SQLException e) {
                if (!PauseDeadline.isTimeout(e)) {
                    throw e;
                }
                events.on(new ReshardEvent.SwitchAborted(attempt, String.valueOf(e.getMessage())));
                if (attempt >= settings.switchAttempts()) {
                    throw new SQLException("the switch did not fit in the maximum pause in " + attempt + " attempt(s)"
                        + ", and the old layout kept serving: " + e.getMessage(), "55P03", e);
                }
            }
        }
    }

    private SwitchOver.Outcome pauseAndSwitch(PauseDeadline deadline, int attempt)
            throws SQLException, InterruptedException {
        SwitchOver.Outcome[] outcome = new SwitchOver.Outcome[1];
        List<String> names = new ArrayList<>(current.names());
        names.add(move == null ? "shard-" + plan.newShard() : move.to().shards().getLast());
        boolean switched = router.pauseAndSwitch(deadline.remaining(), now -> {
            if (now != current) {
                throw new SQLException("the router's topology changed during the resharding (now " + now.strategy()
                    + "); nothing was switched");
            }
            outcome[0] = switchOver.run(deadline, attempt);
            return new ShardRouter.Topology(plan.to(), plan.all(), names, move == null ? 0 : move.to().epoch());
        });
        if (!switched) {
            throw new PauseDeadline.Exceeded("the router's open transactions did not finish within the maximum pause"
                + " of " + settings.maxPause().toMillis() + " ms");
        }
        return outcome[0];
    }

    /** After the switch: deletes the moved rows from their old shards. The switch stands whatever happens here. */
    private void cleanUp() throws SQLException {
        Resharder.tell(events, new StepStarted(Step.CLEANUP, "cleanup: deleting the moved rows from their old shards"));
        OwnershipSweep sweep = new OwnershipSweep(sql);
        for (int s = 0; s < plan.old().size(); s++) {
            for (Resharder.Table t : plan.tables()) {
                try {
                    long deleted = sweep.sweep(plan.old().get(s), s, plan.to(), t);
                    Resharder.tell(events, new ReshardEvent.CleanedUp(t.name(), s, deleted));
                } catch (SQLException | RuntimeException e) {
                    throw new SQLException("switched to " + plan.to() + ", but deleting the moved rows of " + t.name()
                        + " from shard " + s + " failed: " + e.getMessage() + "; they are hidden from scatter queries "
                        + "that declare their shard key; delete the rows " + plan.to() + " places elsewhere by hand",
                        e);
                }
            }
        }
    }

    /** Removes capture and every copy, so the old shards hold exactly their own rows again. */
    private void rollBack(Exception cause) {
        Resharder.tell(events, new ReshardEvent.Failed(String.valueOf(cause.getMessage())));
        OwnershipSweep sweep = new OwnershipSweep(sql);
        List<String> problems = new ArrayList<>();
        List<DataSource> all = plan.all();
        for (int i = 0; i < all.size(); i++) {
            try {
                if (i < plan.old().size()) {
                    try (Connection c = all.get(i).getConnection()) {
                        capture.remove(c);
                    }
                }
                for (Resharder.Table t : plan.tables()) {
                    sweep.sweep(all.get(i), i, plan.from(), t);
                }
            } catch (SQLException | RuntimeException e) {
                problems.add("shard " + i + ": " + e.getMessage());
            }
        }
        Resharder.tell(events, new ReshardEvent.RolledBack(problems));
    }
}
