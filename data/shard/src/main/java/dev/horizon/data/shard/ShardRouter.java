package dev.horizon.data.shard;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;

/**
 * Routes work by shard key to one of several databases — each its own PostgreSQL, usually a
 * {@link dev.horizon.data.RoutingDataSource} with its own replicas — by a {@link ShardStrategy}.
 *
 * <p>Writes go through {@link #begin()}: a {@link ShardedTransaction} stays on one shard (or, with
 * {@link #twoPhaseCommit(boolean) two-phase commit} enabled, commits on several atomically). Reads of one key use
 * {@link #forKey}; reads across shards use {@link #scatter}, which merges every shard's sorted rows into one page.
 * {@link Resharder} moves the router to one more shard online; the router's topology (strategy and shards) is
 * swapped atomically while no transaction of this router is open.
 */
public final class ShardRouter {

    private volatile Topology topology;
    private volatile boolean twoPhase;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);

    /** The strategy and the shard databases, shard {@code i} at index {@code i}. */
    record Topology(ShardStrategy strategy, List<DataSource> shards) {
        Topology {
            Objects.requireNonNull(strategy, "strategy");
            shards = List.copyOf(shards);
            if (shards.size() != strategy.shards()) {
                throw new IllegalArgumentException("shards: " + shards.size() + " databases for " + strategy
                    + " (expected: " + strategy.shards() + ")");
            }
        }
    }

    private ShardRouter(Topology topology) {
        this.topology = topology;
    }

    /** A router over {@code shards}, which must number {@code strategy.shards()}. */
    public static ShardRouter of(ShardStrategy strategy, List<? extends DataSource> shards) {
        return new ShardRouter(new Topology(strategy, List.copyOf(shards)));
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
        return new ShardedTransaction(topology, twoPhase, gate.readLock()::unlock);
    }

    /** Runs {@code query} on every shard and merges the rows into one page, in bounded memory. */
    public <T> List<T> scatter(ScatterQuery query, ScatterQuery.RowMapper<T> mapper) throws SQLException {
        return query.run(topology.shards(), mapper);
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
            topology = next;
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

    @Override
    public String toString() {
        return "ShardRouter[" + topology.strategy() + "]";
    }
}
