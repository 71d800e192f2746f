package dev.horizon.data.shard;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The switch, inside the router's pause: work proportional to the writes logged since catch-up stopped, never to the
 * tables, bounded by what is left of the maximum pause.
 * <ol>
 *   <li><b>fence</b> (shared topology): each old shard's guard row moves to the next epoch, which waits for the write
 *       transactions of other processes that checked the old epoch and holds back the ones that have not;</li>
 *   <li><b>lock</b>: each old shard's tables are locked against every other writer ({@code LOCK … IN EXCLUSIVE MODE};
 *       reads go on);</li>
 *   <li><b>apply</b>: the capture logs are drained, batch after batch, until a pass over every old shard finds them
 *       empty; every row applied is read back on its new shard and compared with the source, whole text;</li>
 *   <li><b>capture removed</b>, the new shard stamped with the new epoch and the topology record moved to it;</li>
 *   <li><b>commit</b>: every database prepares ({@code PREPARE TRANSACTION}), then every one commits.</li>
 * </ol>
 * The moved rows stay on their old shards until the cleanup step deletes them after the pause; scatter queries that
 * declare their shard key never see them, and writers by the new topology never touch them. Any failure or timeout
 * before the commit rolls every transaction back: nothing changed and the old layout keeps serving.
 */
final class SwitchOver {

    /** The epoch change of a shared topology, made in the same two-phase commit as the data. */
    record EpochMove(TopologyStore store, ShardLayout from, ShardLayout to) {}

    /** What a committed switch did: rows applied under the locks; prepared transactions left to commit by hand. */
    record Outcome(long applied, List<String> unfinished) {}

    private final ReshardPlan plan;
    private final ChangeCapture capture;
    private final ChangeSync sync;
    private final @Nullable EpochMove epoch;
    private final ReshardListener listener;

    SwitchOver(ReshardPlan plan, ChangeCapture capture, ChangeSync sync, @Nullable EpochMove epoch,
            ReshardListener listener) {
        this.plan = plan;
        this.capture = capture;
        this.sync = sync;
        this.epoch = epoch;
        this.listener = listener;
    }

    /** Runs one attempt; {@link PauseDeadline.Exceeded} (or a lock or statement timeout) means nothing changed. */
    Outcome run(PauseDeadline deadline, int attempt) throws SQLException {
        List<DataSource> databases = new ArrayList<>(plan.all());
        EpochMove move = epoch;
        if (move != null) {
            databases.add(move.store().directory());
        }
        try (LockedWindow w = LockedWindow.open(databases, plan.all().size(), deadline, listener)) {
            listener.on(new ReshardEvent.Locked(attempt, deadline.remaining()));
            w.bound("fencing and locking the old shards");
            int old = plan.old().size();
            String tables = plan.tables().stream().map(Resharder.Table::name).collect(Collectors.joining(", "));
            for (int s = 0; s < old; s++) {
                if (move != null) {
                    fence(w, s, move);
                }
                w.execute("lock", s, "LOCK TABLE " + tables + " IN EXCLUSIVE MODE");
            }
            long applied = drain(w, deadline);
            w.bound("removing capture");
            for (int s = 0; s < old; s++) {
                w.report("capture", s, capture.remove(w.get(s)), 0);
            }
            if (move != null) {
                record(w, move);
            }
            return new Outcome(applied, w.commit());
        }
    }

    private static void fence(LockedWindow w, int s, EpochMove move) throws SQLException {
        if (EpochGuard.advance(w.get(s), move.store().name(), move.from().epoch(), move.to().epoch()) != 1) {
            throw new SQLException("shard " + s + " (" + move.from().shards().get(s) + ") is not on epoch "
                + move.from().epoch() + " of topology '" + move.store().name() + "': another resharding or a change "
                + "by hand moved it; nothing was switched");
        }
        w.report("epoch", s, 1, 1);
    }

    /** Drains every old shard's log until a whole pass finds them all empty; returns the rows applied. */
    private long drain(LockedWindow w, PauseDeadline deadline) throws SQLException {
        long applied = 0;
        boolean more = true;
        while (more) {
            more = false;
            w.bound("applying the logged writes");
            for (int s = 0; s < plan.old().size(); s++) {
                deadline.check("applying shard " + s + "'s logged writes");
                ChangeCapture.Changes changes = capture.take(w.get(s), CatchUp.BATCH);
                ChangeSync.Applied done = new ChangeSync.Applied(0, 1, changes.size());
                for (Resharder.Table t : plan.tables()) {
                    done = done.plus(sync.apply(t, s, changes.of(t), w.shards(), true));
                }
                w.report("apply", s, done.statements(), done.touched());
                applied += done.rows();
                more |= changes.size() > 0;
            }
        }
        return applied;
    }

    private void record(LockedWindow w, EpochMove move) throws SQLException {
        w.bound("recording the new topology");
        int added = plan.newShard();
        EpochGuard.stamp(w.get(added), move.store().name(), move.to().epoch(), added);
        w.report("epoch", added, 1, 1);
        if (move.store().advance(w.get(added + 1), move.from(), move.to()) != 1) {
            throw new SQLException("topology '" + move.store().name() + "' is no longer at epoch " + move.from().epoch()
                + " in its directory: another resharding moved it; nothing was switched");
        }
        w.report("record", -1, 1, 1);
    }
}
