package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The switch's transactions: one per database (every shard, then the topology's directory when shared), each bounded
 * by what is left of the pause — {@code lock_timeout} and {@code statement_timeout} are set to it before each piece of
 * work — and committed together by two-phase commit. Closing it without {@link #commit} rolls every one back, so an
 * aborted switch leaves nothing changed and releases the locks.
 */
final class LockedWindow implements AutoCloseable {

    private final List<Connection> connections;
    private final PauseDeadline deadline;
    private final ReshardListener listener;
    private final int shards;
    private final String id = "hz_reshard_" + UUID.randomUUID().toString().replace("-", "");
    private final List<Integer> prepared = new ArrayList<>();
    private boolean committed;

    private LockedWindow(List<Connection> connections, int shards, PauseDeadline deadline,
            ReshardListener listener) {
        this.connections = connections;
        this.shards = shards;
        this.deadline = deadline;
        this.listener = listener;
    }

    /** Opens a transaction on each of {@code databases}, of which the first {@code shards} are shards. */
    static LockedWindow open(List<DataSource> databases, int shards, PauseDeadline deadline,
            ReshardListener listener) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        LockedWindow window = new LockedWindow(connections, shards, deadline, listener);
        try {
            for (DataSource ds : databases) {
                Connection c = ds.getConnection();
                connections.add(c);
                c.setAutoCommit(false);
            }
            return window;
        } catch (SQLException | RuntimeException e) {
            window.close();
            throw e;
        }
    }

    /** The shards' connections, shard {@code i} at index {@code i}. */
    List<Connection> shards() {
        return connections.subList(0, shards);
    }

    /** The connection of database {@code i}. */
    Connection get(int i) {
        return connections.get(i);
    }

    /**
     * Checks the deadline and sets every database's timeouts to what is left of the pause, before {@code what}; one
     * statement per database.
     */
    void bound(String what) throws SQLException {
        deadline.check(what);
        String ms = Long.toString(Math.max(1, deadline.remaining().toMillis()));
        for (Connection c : connections) {
            try (PreparedStatement p = c.prepareStatement("SELECT set_config('lock_timeout', ?, true),"
                + " set_config('statement_timeout', ?, true)")) {
                p.setString(1, ms);
                p.setString(2, ms);
                p.execute();
            }
        }
        listener.on(new ReshardEvent.LockedWork("timeouts", -1, connections.size(), 0));
    }

    /** Runs {@code sql} on database {@code i} as part of {@code what}, and tells the listener. */
    void execute(String what, int i, String... sql) throws SQLException {
        try (Statement s = connections.get(i).createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        }
        report(what, i, sql.length, 0);
    }

    /** Tells the listener about work done on database {@code i}. */
    void report(String what, int i, long statements, long rows) throws SQLException {
        listener.on(new ReshardEvent.LockedWork(what, i < shards ? i : -1, statements, rows));
    }

    /**
     * Prepares every transaction, then commits every one, the directory's first (the last database is committed
     * first). Returns the databases whose {@code COMMIT PREPARED} failed after all prepared: their data is durable (the
     * prepared transaction commits when an operator runs it), so the switch stands.
     */
    List<String> commit() throws SQLException {
        deadline.check("the two-phase commit");
        for (int i = 0; i < connections.size(); i++) {
            execute("prepare", i, "PREPARE TRANSACTION '" + id + "_" + i + "'");
            prepared.add(i);
        }
        committed = true;
        List<String> unfinished = new ArrayList<>();
        // The directory first: a writer refused by a shard's new epoch must find the new record when it reloads.
        for (int k = 0; k < connections.size(); k++) {
            int i = (connections.size() - 1 + k) % connections.size();
            try {
                finish(connections.get(i), "COMMIT PREPARED '" + id + "_" + i + "'");
            } catch (SQLException e) {
                unfinished.add((i < shards ? "shard " + i : "the topology directory") + " did not commit its"
                    + " prepared transaction; run COMMIT PREPARED '" + id + "_" + i + "' on it (its tables stay"
                    + " locked until then): " + e.getMessage());
            }
        }
        return unfinished;
    }

    private static void finish(Connection c, String sql) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rolls back every transaction not committed (releasing the locks) and closes the connections. */
    @Override
    public void close() throws SQLException {
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            try (c) {
                if (!committed) {
                    if (prepared.contains(i)) {
                        finish(c, "ROLLBACK PREPARED '" + id + "_" + i + "'");
                    } else {
                        c.rollback();
                    }
                }
            } catch (SQLException ignored) {
                // a broken connection's transaction is rolled back by the server; the rollback step cleans the rest
            }
        }
    }
}
