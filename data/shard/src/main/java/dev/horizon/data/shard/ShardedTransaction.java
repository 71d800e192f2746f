package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One transaction of a {@link ShardRouter}: {@link #connection(Object)} gives the connection (auto-commit off) of the
 * key's shard. Without two-phase commit a transaction stays on the shard of its first key, and asking for another
 * shard throws {@link CrossShardTransactionException}. With it, {@link #commit()} prepares every shard
 * ({@code PREPARE TRANSACTION}) and commits them only when all prepared; a failure rolls every shard back. Its methods
 * are serialized, so threads that share it get one connection per shard (each connection is as thread-safe as its
 * driver makes it); close it on the thread that began it (it rolls back what was not committed).
 *
 * <p>On a router with a shared topology, {@link #connection(Object)} first checks that the shard is on the router's
 * epoch, in the transaction, and throws {@link StaleTopologyException} when it is not.
 */
public final class ShardedTransaction implements AutoCloseable {

    /**
     * What a shard connection must pass before the transaction uses it: a shared topology's epoch check, which locks
     * the shard's guard row for the rest of the transaction.
     */
    @FunctionalInterface
    interface Fence {
        /** No check: a router's own topology. */
        Fence NONE = (connection, shard) -> { };

        void check(Connection connection, int shard) throws SQLException;
    }

    private final ShardRouter.Topology topology;
    private final boolean twoPhase;
    private final Fence fence;
    private final Runnable release;
    private final Map<Integer, Connection> open = new LinkedHashMap<>();
    private boolean done;
    private boolean released;

    ShardedTransaction(ShardRouter.Topology topology, boolean twoPhase, Fence fence, Runnable release) {
        this.topology = topology;
        this.twoPhase = twoPhase;
        this.fence = fence;
        this.release = release;
    }

    /** The connection of {@code key}'s shard within this transaction. */
    public synchronized Connection connection(Object key) throws SQLException {
        if (done) {
            throw new IllegalStateException("the transaction is over");
        }
        int shard = topology.strategy().shardOf(key);
        Connection c = open.get(shard);
        if (c != null) {
            return c;
        }
        if (!open.isEmpty() && !twoPhase) {
            int first = open.keySet().iterator().next();
            throw new CrossShardTransactionException("this transaction is on shard " + first + ", and key " + key
                + " lives on shard " + shard + ": a transaction spans one shard unless two-phase commit is enabled "
                + "(ShardRouter.twoPhaseCommit(true))");
        }
        c = topology.shards().get(shard).getConnection();
        try {
            c.setAutoCommit(false);
            fence.check(c, shard);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        open.put(shard, c);
        return c;
    }

    /** The shards this transaction has touched, in order. */
    public synchronized java.util.Set<Integer> shards() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(open.keySet()));
    }

    /** Commits on every shard touched: directly on one, by two-phase commit on several. */
    public synchronized void commit() throws SQLException {
        if (done) {
            throw new IllegalStateException("the transaction is over");
        }
        done = true;
        try {
            if (open.size() <= 1) {
                for (Connection c : open.values()) {
                    c.commit();
                }
                return;
            }
            commitTwoPhase();
        } finally {
            closeAll();
        }
    }

    private void commitTwoPhase() throws SQLException {
        String id = "hz_" + UUID.randomUUID().toString().replace("-", "");
        Map<Integer, Connection> prepared = new LinkedHashMap<>();
        try {
            for (Map.Entry<Integer, Connection> e : open.entrySet()) {
                try (Statement s = e.getValue().createStatement()) {
                    s.execute("PREPARE TRANSACTION '" + id + "_" + e.getKey() + "'");
                }
                prepared.put(e.getKey(), e.getValue());
            }
        } catch (SQLException failure) {
            for (Map.Entry<Integer, Connection> e : open.entrySet()) {
                try {
                    if (prepared.containsKey(e.getKey())) {
                        finish(e.getValue(), "ROLLBACK PREPARED '" + id + "_" + e.getKey() + "'");
                    } else {
                        e.getValue().rollback();
                    }
                } catch (SQLException suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
            throw failure;
        }
        SQLException failure = null;
        for (Map.Entry<Integer, Connection> e : prepared.entrySet()) {
            try {
                finish(e.getValue(), "COMMIT PREPARED '" + id + "_" + e.getKey() + "'");
            } catch (SQLException f) {
                if (failure == null) {
                    failure = new SQLException("two-phase commit " + id + ": every shard prepared, but committing "
                        + "shard " + e.getKey() + " failed; it stays prepared until COMMIT PREPARED '" + id + "_"
                        + e.getKey() + "' is run on it: " + f.getMessage(), f.getSQLState(), f);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void finish(Connection c, String sql) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rolls back every shard touched. */
    public synchronized void rollback() throws SQLException {
        if (done) {
            return;
        }
        done = true;
        SQLException failure = null;
        for (Connection c : open.values()) {
            try {
                c.rollback();
            } catch (SQLException e) {
                failure = e;
            }
        }
        closeAll();
        if (failure != null) {
            throw failure;
        }
    }

    private void closeAll() {
        for (Connection c : open.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the transaction's outcome is decided already
            }
        }
        open.clear();
    }

    /**
     * Rolls back what was not committed and lets the router switch topologies again. Close it on the thread that
     * began it.
     */
    @Override
    public synchronized void close() throws SQLException {
        try {
            rollback();
        } finally {
            if (!released) {
                released = true;
                release.run();
            }
        }
    }
}
