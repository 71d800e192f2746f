package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The guard row on every shard of a shared topology: {@code hz_shard_epoch(topology, epoch, shard)} says which epoch
 * of which topology the database is shard {@code shard} of.
 *
 * <p>Implementation notes. Fencing must be atomic with the write, so the check runs inside the writer's transaction
 * and locks the guard row {@code FOR SHARE} until that transaction ends. A resharding's switch moves the epoch with an
 * {@code UPDATE} of the same row in its own (two-phase) transaction, which waits for every writer holding the share
 * lock and makes every later one wait until it commits; PostgreSQL then re-reads the updated row for the waiting
 * {@code FOR SHARE} (READ COMMITTED), so a writer either committed before the switch took the row — and the switch
 * drains its logged write — or sees the new epoch and is refused. The epoch is a fencing token in the sense of
 * Kleppmann's "How to do distributed locking" (2016): a number that only grows, checked by the storage itself.
 */
final class EpochGuard {

    static final String TABLE = "hz_shard_epoch";

    private EpochGuard() {}

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (topology TEXT PRIMARY KEY, epoch BIGINT NOT NULL,"
                + " shard INT NOT NULL)");
        }
    }

    /** Records that the database is {@code shard} of {@code topology} at {@code epoch}, unless it is in it already. */
    static void stampIfAbsent(Connection c, String topology, long epoch, int shard) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE + " (topology, epoch, shard)"
            + " VALUES (?, ?, ?) ON CONFLICT (topology) DO NOTHING")) {
            bind(p, topology, epoch, shard);
            p.executeUpdate();
        }
    }

    /** The same, replacing what is there: the new shard joins at the switch. */
    static int stamp(Connection c, String topology, long epoch, int shard) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE + " (topology, epoch, shard)"
            + " VALUES (?, ?, ?) ON CONFLICT (topology) DO UPDATE SET epoch = EXCLUDED.epoch,"
            + " shard = EXCLUDED.shard")) {
            bind(p, topology, epoch, shard);
            return p.executeUpdate();
        }
    }

    /** Moves the row from epoch {@code from} to {@code to}; returns 0 when the shard was not at {@code from}. */
    static int advance(Connection c, String topology, long from, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + TABLE + " SET epoch = ? WHERE topology = ?"
            + " AND epoch = ?")) {
            p.setLong(1, to);
            p.setString(2, topology);
            p.setLong(3, from);
            return p.executeUpdate();
        }
    }

    /**
     * Locks the guard row for the rest of the caller's transaction and returns {@code {epoch, shard}}, or
     * {@code {0, -1}} when the database is not in {@code topology}.
     */
    static long[] lockShared(Connection c, String topology) throws SQLException {
        return select(c, topology, " FOR SHARE");
    }

    /** The same without a lock: {@code {epoch, shard}}, or {@code {0, -1}}. */
    static long[] read(Connection c, String topology) throws SQLException {
        return select(c, topology, "");
    }

    private static long[] select(Connection c, String topology, String lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT epoch, shard FROM " + TABLE + " WHERE topology = ?"
            + lock)) {
            p.setString(1, topology);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new long[] {r.getLong(1), r.getInt(2)} : new long[] {0, -1};
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return new long[] {0, -1};
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement p, String topology, long epoch, int shard) throws SQLException {
        p.setString(1, topology);
        p.setLong(2, epoch);
        p.setInt(3, shard);
    }
}
