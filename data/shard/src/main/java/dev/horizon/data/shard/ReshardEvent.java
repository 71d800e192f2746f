package dev.horizon.data.shard;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link Resharder} tells its {@link ReshardListener}, step by step. Shards are numbered as in the topology
 * being left; the new shard is number {@code N} (the old shard count).
 */
public sealed interface ReshardEvent {

    /** The steps of a resharding, in order. */
    enum Step {
        /** Triggers start logging the old shards' writes. */
        CAPTURE,
        /** The rows that move are copied to their new shards. */
        COPY,
        /** The writes logged during the copy are applied, round by round, until the {@link Convergence} rule stops. */
        CATCH_UP,
        /** Checksums per key range compare the moved rows on both sides, before any lock. */
        VERIFY,
        /** Under the locks: the last logged writes are applied and verified, and every shard commits at once. */
        SWITCH,
        /** The moved rows are deleted from their old shards, in batches, after the switch. */
        CLEANUP
    }

    /** A step starts (a switch starts once per attempt). */
    record StepStarted(Step step, String detail) implements ReshardEvent {}

    /** A batch of a table's moving rows on one old shard was copied; {@code rows} so far. */
    record Copied(String table, int shard, long rows) implements ReshardEvent {}

    /** A table's moving rows were all copied. */
    record TableCopied(String table, long rows) implements ReshardEvent {}

    /** A catch-up round applied {@code applied} logged writes; {@code backlog} were waiting when it started. */
    record CaughtUp(int round, long backlog, long applied) implements ReshardEvent {}

    /** Catch-up stopped after {@code rounds} rounds with {@code backlog} logged writes left, as the rule says. */
    record Converged(Convergence.Verdict verdict, int rounds, long backlog) implements ReshardEvent {}

    /** The rows of a table moving from shard {@code from} to shard {@code to} matched in every key range. */
    record PairVerified(String table, int from, int to, long rows) implements ReshardEvent {}

    /** Every moved row of a table matched, count and checksum, except the ones the switch will apply and verify. */
    record TableVerified(String table, long rows) implements ReshardEvent {}

    /**
     * The router paused and the switch opened its transactions; it is about to fence and lock the old shards, with
     * {@code budget} left of the maximum pause.
     */
    record Locked(int attempt, Duration budget) implements ReshardEvent {}

    /**
     * Work done under the locks on one database ({@code shard}; {@code -1} for the topology's directory): what it was,
     * how many statements it ran and how many rows they read or wrote. It is proportional to the writes logged since
     * catch-up stopped, never to the size of the tables.
     */
    record LockedWork(String what, int shard, long statements, long rows) implements ReshardEvent {}

    /** A switch attempt did not fit in the maximum pause or could not lock: nothing changed, the old layout serves. */
    record SwitchAborted(int attempt, String reason) implements ReshardEvent {}

    /**
     * Every shard committed: the router uses {@code strategy} at {@code epoch} (0 for a router's own topology).
     * {@code unfinished} lists prepared transactions whose {@code COMMIT PREPARED} failed (the data is safe).
     */
    record Switched(ShardStrategy strategy, long epoch, Duration pause, List<String> unfinished)
            implements ReshardEvent {}

    /** The moved rows of a table were deleted from an old shard. */
    record CleanedUp(String table, int shard, long rows) implements ReshardEvent {}

    /** The resharding failed before the switch; it rolls back. */
    record Failed(String reason) implements ReshardEvent {}

    /** The rollback finished: capture removed, copies deleted; {@code problems} says what must be cleaned by hand. */
    record RolledBack(List<String> problems) implements ReshardEvent {}
}
