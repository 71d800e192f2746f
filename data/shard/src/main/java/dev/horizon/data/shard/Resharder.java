package dev.horizon.data.shard;

import dev.horizon.duration.DurationText;
import dev.horizon.data.DataScope;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Moves a {@link ShardRouter} online from N shards to N+1: copies the rows whose shard changes, catches up the writes
 * made meanwhile, verifies them, and switches with a bounded write pause — or rolls everything back.
 *
 * <p>An orchestrator over small steps, each reported to the {@link ReshardListener}s as {@link ReshardEvent}s:
 * <ol>
 *   <li><b>capture</b> ({@link ChangeCapture}): a trigger on each table of each old shard logs the keys of every row
 *       written from now on;</li>
 *   <li><b>copy</b> ({@link RowCopy}): each old shard's rows that the new strategy places elsewhere are copied
 *       there;</li>
 *   <li><b>catch up</b> ({@link CatchUp}): the logged rows are applied again, round after round, until the
 *       {@link Convergence} rule stops — a small or a stalled backlog;</li>
 *   <li><b>verify</b> ({@link RangeChecksums}): the moved rows' counts and checksums per key range must match on
 *       both sides, before any lock; then catch-up runs once more;</li>
 *   <li><b>switch</b> ({@link SwitchOver}): the router pauses, the old shards' tables are locked, only the writes
 *       logged since are applied and verified row by row, and every shard commits at once (two-phase commit) —
 *       within the maximum pause, or the attempt aborts with nothing changed and, after the last attempt, the
 *       resharding rolls back;</li>
 *   <li><b>cleanup</b> ({@link OwnershipSweep}): the moved rows are deleted from their old shards, in batches, after
 *       the pause.</li>
 * </ol>
 * On a failure before the switch commits, capture is removed and the copies are deleted, so the old shards are
 * exactly as the application left them.
 *
 * <p>Requirements: the new shard has the same tables (same columns in the same order), empty; every shard allows
 * prepared transactions ({@code max_prepared_transactions > 0}); primary keys are unique across all shards (UUIDs, or
 * ids from one sequence); a row's shard key does not change. With a shared topology ({@link ShardRouter#shared}) the
 * switch also moves the {@link TopologyStore}'s record and every shard to the next epoch, so other processes' writes
 * by the old topology are refused and rerouted; a router with its own topology leaves other processes on the old
 * one (their writes are paused by the table locks during the switch, but not fenced after it).
 */
public final class Resharder {

    /** A sharded table: its name, the shard key column and the primary key column. */
    public record Table(String name, String keyColumn, String primaryKey) {
        /** Checks the names are plain SQL names. */
        public Table {
            for (String n : List.of(name, keyColumn, primaryKey)) {
                if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("table " + name + ": '" + n
                        + "' (expected: a plain SQL name)");
                }
            }
        }
    }

    /**
     * What a finished resharding did.
     *
     * @param strategy the router's strategy now
     * @param moved    rows moved, by table
     * @param caughtUp logged writes applied after the copy, under the locks included
     * @param pause    how long the router's writes (and other processes' writes to the old shards) were paused
     * @param epoch    the shared topology's epoch now (0 for a router's own topology)
     */
    public record Report(ShardStrategy strategy, Map<String, Long> moved, long caughtUp, Duration pause, long epoch) {}

    private final ShardRouter router;
    private final DataSource newShard;
    private final @Nullable String newShardName;
    private final List<Table> tables;
    private @Nullable ShardStrategy target;
    private Duration maxPause = Duration.ofSeconds(2);
    private Convergence convergence = Convergence.defaults();
    private int switchAttempts = 3;
    private LongSupplier clock = System::nanoTime;
    private final List<ReshardListener> listeners = new ArrayList<>();

    private Resharder(ShardRouter router, DataSource newShard, @Nullable String newShardName, List<Table> tables) {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("resharding needs at least one table");
        }
        this.router = router;
        this.newShard = newShard;
        this.newShardName = newShardName;
        this.tables = List.copyOf(tables);
    }

    /** Reshards {@code router}'s {@code tables} onto one more shard, {@code newShard}; the router's own topology. */
    public static Resharder of(ShardRouter router, DataSource newShard, List<Table> tables) {
        Objects.requireNonNull(newShard, "newShard");
        if (router.sharedTopology() != null) {
            throw new IllegalArgumentException("this router's topology is shared: name the new shard, "
                + "Resharder.of(router, \"name\", tables), so that every process can resolve it");
        }
        return new Resharder(router, newShard, null, tables);
    }

    /**
     * Reshards a router with a shared topology onto one more shard, named {@code newShard} in the topology record and
     * resolved to a data source as the router resolves every shard.
     */
    public static Resharder of(ShardRouter router, String newShard, List<Table> tables) {
        ShardRouter.Shared shared = router.sharedTopology();
        if (shared == null) {
            throw new IllegalArgumentException("this router has its own topology: give the new shard as a DataSource");
        }
        if (router.topology().names().contains(newShard)) {
            throw new IllegalArgumentException("new shard '" + newShard + "' is in the topology already");
        }
        return new Resharder(router, shared.resolve().require(newShard, shared.store().name()), newShard, tables);
    }

    /** The strategy over N+1 shards (default: the router's strategy grown by one shard). */
    public Resharder target(ShardStrategy strategy) {
        if (strategy.shards() != router.strategy().shards() + 1) {
            throw new IllegalArgumentException("target strategy " + strategy + ": " + strategy.shards()
                + " shards (expected: " + (router.strategy().shards() + 1) + ")");
        }
        this.target = strategy;
        return this;
    }

    /**
     * The longest write pause allowed for the switch (default 2 s): the router's wait for its open transactions, the
     * locks and the work under them. An attempt that would take longer aborts, changing nothing.
     */
    public Resharder maxPause(Duration pause) {
        if (pause.isNegative() || pause.isZero()) {
            throw new IllegalArgumentException("max pause: " + DurationText.format(pause) + " (expected: more than 0)");
        }
        this.maxPause = pause;
        return this;
    }

    /** When catch-up stops and the switch starts (default {@link Convergence#defaults()}). */
    public Resharder convergence(Convergence rule) {
        this.convergence = Objects.requireNonNull(rule, "rule");
        return this;
    }

    /** How many times the switch is tried (each after a catch-up) before the resharding rolls back (default 3). */
    public Resharder switchAttempts(int attempts) {
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("switch attempts: " + attempts + " (expected: 1..100)");
        }
        this.switchAttempts = attempts;
        return this;
    }

    /** Also sends every event as a human line to {@code sink}. */
    public Resharder progress(Consumer<String> sink) {
        return listener(new ProgressLines(Objects.requireNonNull(sink, "sink")));
    }

    /** Also tells {@code listener} every event (see {@link ReshardListener} for what its exceptions do). */
    public Resharder listener(ReshardListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The monotonic clock, in nanoseconds, that measures the pause (default {@link System#nanoTime()}). */
    public Resharder clock(LongSupplier nanoTime) {
        this.clock = Objects.requireNonNull(nanoTime, "nanoTime");
        return this;
    }

    /**
     * Runs the resharding; on failure before the switch everything is rolled back and the exception says why. Every
     * connection it takes is taken inside {@link DataScope#primary()}: a shard that is a
     * {@link dev.horizon.data.RoutingDataSource} would otherwise serve the copy's and the verification's reads from a
     * replica that may lag, and miss rows.
     */
    public Report run() throws SQLException, InterruptedException {
        try (DataScope primary = DataScope.primary()) {
            router.reload();
            ShardRouter.Topology current = router.topology();
            ShardStrategy to = target != null ? target : current.strategy().grow();
            if (to.shards() != current.shards().size() + 1) {
                throw new IllegalStateException("target strategy " + to + " does not grow the router's " + current
                    .strategy() + " by one shard (the router reloaded a newer topology?)");
            }
            ReshardPlan plan = new ReshardPlan(current.strategy(), to, current.shards(), newShard, tables);
            ShardRouter.Shared shared = router.sharedTopology();
            SwitchOver.EpochMove move = shared == null || newShardName == null ? null : new SwitchOver.EpochMove(
                shared.store(), current.layout(), current.layout().grow(to, newShardName));
            Settings settings = new Settings(maxPause, convergence, switchAttempts, clock,
                ReshardListener.all(listeners));
            router.resharding(true);
            try {
                return new ReshardRun(router, current, plan, move, settings).run();
            } finally {
                router.resharding(false);
            }
        }
    }

    /** Tells {@code listener} an event after the point of no return, ignoring what it throws. */
    static void tell(ReshardListener listener, ReshardEvent event) {
        try {
            listener.on(event);
        } catch (SQLException | RuntimeException ignored) {
            // documented: nothing can be undone or redone after the switch committed or during a rollback
        }
    }

    /** How a run behaves, as configured. */
    record Settings(Duration maxPause, Convergence convergence, int switchAttempts, LongSupplier clock,
                    ReshardListener listener) {}
}
