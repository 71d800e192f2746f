package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Routes work by shard key to one of several databases — each its own PostgreSQL, usually a
 * {@link dev.horizon.data.RoutingDataSource} with its own replicas — by a {@link ShardStrategy}.
 *
 * <p>Writes go through {@link #begin()}: a {@link ShardedTransaction} stays on one shard (or, with
 * {@link #twoPhaseCommit(boolean) two-phase commit} enabled, commits on several atomically). Reads of one key use
 * {@link #forKey}; reads across shards use {@link #scatter}, which merges every shard's sorted rows into one page.
 * {@link Resharder} moves the router to one more shard online; the router's topology (strategy and shards) is
 * swapped atomically while no transaction of this router is open.
 *
 * <p>A router made by {@link #of} keeps its topology to itself. One made by {@link #shared} reads it from a
 * {@link TopologyStore}, and every write transaction checks, atomically with its writes, that each shard it touches is
 * on the router's epoch: after another process resharded, the first write is refused with a
 * {@link StaleTopologyException}, the router reloads the topology, and the retried transaction lands on the right
 * shard.
 */
public final class ShardRouter {

    private volatile Topology topology;
    private volatile boolean twoPhase;
    private volatile boolean resharding;
    private final @Nullable Shared shared;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);

    /**
     * The strategy and the shard databases, shard {@code i} at index {@code i}, with their names and the epoch ({@code
     * 0} for a router's own topology, which has no epoch).
     */
    record Topology(ShardStrategy strategy, List<DataSource> shards, List<String> names, long epoch) {
        Topology {
            Objects.requireNonNull(strategy, "strategy");
            shards = List.copyOf(shards);
            names = List.copyOf(names);
            if (shards.size() != strategy.shards() || names.size() != shards.size()) {
                throw new IllegalArgumentException("shards: " + shards.size() + " databases for " + strategy
                    + " (expected: " + strategy.shards() + ")");
            }
        }

        static Topology local(ShardStrategy strategy, List<? extends DataSource> shards) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                names.add("shard-" + i);
            }
            return new Topology(strategy, List.copyOf(shards), names, 0);
        }

        ShardLayout layout() {
            return new ShardLayout(epoch, strategy, names);
        }
    }

    /** Where a shared router's topology lives and how it finds each shard's database by name. */
    record Shared(TopologyStore store, TopologyStore.Resolver resolve) {
        Topology topology(ShardLayout layout) {
            List<DataSource> shards = new ArrayList<>();
            for (String name : layout.shards()) {
                shards.add(resolve.require(name, store.name()));
            }
            return new Topology(layout.strategy(), shards, layout.shards(), layout.epoch());
        }
    }

    private ShardRouter(Topology topology, @Nullable Shared shared) {
        this.topology = topology;
        this.shared = shared;
    }

    /** A router with its own topology over {@code shards}, which must number {@code strategy.shards()}. */
    public static ShardRouter of(ShardStrategy strategy, List<? extends DataSource> shards) {
        return new ShardRouter(Topology.local(strategy, shards), null);
    }

    /**
     * A router whose topology is the one {@code store} records (see {@link TopologyStore#initialize}), each shard's
     * database given by {@code resolve} from its recorded name.
     */
    public static ShardRouter shared(TopologyStore store, TopologyStore.Resolver resolve)
            throws SQLException {
        Shared shared = new Shared(Objects.requireNonNull(store, "store"), Objects.requireNonNull(resolve, "resolve"));
        return new ShardRouter(shared.topology(store.load()), shared);
    }

    /**
     * Whether a transaction may write several shards, committed with PostgreSQL's two-phase commit ({@code PREPARE
     * TRANSACTION}; the servers need {@code max_prepared_transactions > 0}). Off by default: such a transaction fails.
     */
    public ShardRouter twoPhaseCommit(boolean enabled) {
        this.twoPhase = enabled;
        return this;
    }

    /** The current strategy. */
    public ShardStrategy strategy() {
        return topology.strategy();
    }

    /** The current shard databases. */
    public List<DataSource> shards() {
        return topology.shards();
    }

    /** The epoch of the topology this router routes by: 1 or more when shared, 0 for a router's own topology. */
    public long epoch() {
        return topology.epoch();
    }

    /** The shard number of {@code key}. */
    public int shardOf(Object key) {
        return topology.strategy().shardOf(key);
    }

    /** The database of {@code key}'s shard, for reads of that key. */
    public DataSource forKey(Object key) {
        Topology t = topology;
        return t.shards().get(t.strategy().shardOf(key));
    }

    /**
     * Starts a transaction; it takes connections per key as it goes. Waits while the router is switching to a new
     * topology (the bounded write pause of resharding).
     */
    public ShardedTransaction begin() {
        gate.readLock().lock();
        Topology t = topology;
        return new ShardedTransaction(t, twoPhase, fence(t), gate.readLock()::unlock);
    }

    /**
     * Runs {@code query} on every shard and merges the rows into one page, in bounded memory. While this router is
     * resharding, copies of the moving rows exist on two shards: the query must then declare its shard key column
     * ({@link ScatterQuery#shardKey}), so each shard's rows are filtered to the keys it owns.
     */
    public <T> List<T> scatter(ScatterQuery query, ScatterQuery.RowMapper<T> mapper) throws SQLException {
        if (resharding && !query.filtersByShardKey()) {
            throw new IllegalStateException("this router is resharding, so the moving rows are on two shards: declare "
                + "the query's shard key column with ScatterQuery.shardKey(column) to see each row once");
        }
        Topology t = topology;
        return query.run(t.shards(), t.strategy(), mapper);
    }

    /**
     * Reads the shared topology again and routes by it if it is newer; returns whether it changed. A router with its
     * own topology has nothing to read and returns false.
     */
    public boolean reload() throws SQLException {
        Shared s = shared;
        if (s == null) {
            return false;
        }
        Topology next = s.topology(s.store().load());
        synchronized (this) {
            if (next.epoch() <= topology.epoch()) {
                return false;
            }
            topology = next;
            return true;
        }
    }

    Topology topology() {
        return topology;
    }

    @Nullable Shared sharedTopology() {
        return shared;
    }

    void resharding(boolean underway) {
        this.resharding = underway;
    }

    /**
     * Blocks new transactions and waits for open ones, up to {@code timeout}; runs {@code work} with the router to
     * itself and swaps in the topology it returns. Returns false, changing nothing, when open transactions did not
     * finish in time.
     */
    boolean pauseAndSwitch(Duration timeout, Switch work) throws SQLException, InterruptedException {
        if (!gate.writeLock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            Topology next = work.run(topology);
            synchronized (this) {
                topology = next;
            }
            return true;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** The work done while the router is paused: returns the topology to use from then on. */
    @FunctionalInterface
    interface Switch {
        Topology run(Topology current) throws SQLException;
    }

    /** The check every shard connection of a transaction on {@code t} passes before it is used. */
    private ShardedTransaction.Fence fence(Topology t) {
        Shared s = shared;
        if (s == null) {
            return ShardedTransaction.Fence.NONE;
        }
        return (connection, shard) -> check(s, t, connection, shard);
    }

    private void check(Shared s, Topology t, Connection c, int shard) throws SQLException {
        long[] found = EpochGuard.lockShared(c, s.store().name());
        if (found[0] == t.epoch() && found[1] == shard) {
            return;
        }
        String reloaded;
        try {
            reload();
            Topology now = topology;
            reloaded = "the router reloaded the topology (now epoch " + now.epoch() + ": " + now.strategy() + ")";
        } catch (SQLException | RuntimeException e) {
            reloaded = "reloading the topology failed too: " + e.getMessage();
        }
        String where = found[0] == 0 ? "is in no epoch of topology '" + s.store().name() + "'"
            : "is on epoch " + found[0] + (found[1] == shard ? "" : " as shard " + found[1]);
        throw new StaleTopologyException("write refused: shard " + shard + " (" + t.names().get(shard) + ") " + where
            + ", but this router routed by epoch " + t.epoch() + " (" + t.strategy() + "); " + reloaded
            + "; retry the transaction", t.epoch(), found[0]);
    }

    @Override
    public String toString() {
        Topology t = topology;
        return "ShardRouter[" + t.strategy() + (t.epoch() > 0 ? ", epoch " + t.epoch() : "") + "]";
    }
}
