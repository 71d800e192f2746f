package dev.horizon.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where one routing statement runs: the physical statement it uses now, the lease it is on, and the settings and
 * parameters to set again when it moves.
 *
 * <p>Every execution is routed afresh (a plain statement's text is known only then; a prepared one's route changes
 * when its connection writes, begins or ends a transaction, or turns read-only), and the statement moves to another
 * physical connection when the route changes, closing its previous result as any re-execution does. The latest call
 * of each setter is recorded and replayed on the new physical statement, so the parameters hold after a move, and an
 * auto-commit read whose replica went away runs again, with the same parameters, on another replica or the primary.
 *
 * @param <S> the kind of physical statement: {@code Statement}, {@code PreparedStatement} or {@code CallableStatement}
 */
final class StatementPlacement<S extends Statement> {

    /** A call on a physical statement. */
    @FunctionalInterface
    interface Call<S, R> {
        R on(S statement) throws SQLException;
    }

    /** A setter call on a physical statement, recorded to be replayed on the next one. */
    @FunctionalInterface
    interface Setting<S> {
        void on(S statement) throws SQLException;
    }

    /** Creates the physical statement on a physical connection, as the application asked for it. */
    @FunctionalInterface
    interface Factory<S> {
        S create(Connection c) throws SQLException;
    }

    /** The prefix of the keys of recorded parameters, which {@code clearParameters} drops. */
    static final String PARAMETER = "p:";

    private static final int MAX_RETRIES = 3;

    private final RoutingConnection owner;
    private final @Nullable String sql;
    private final Factory<S> factory;
    private final Map<String, Setting<? super S>> recorded = new LinkedHashMap<>();
    private @Nullable S current;
    private @Nullable Lease lease;
    private StatementRouter.@Nullable Target target;
    private boolean closed;

    /**
     * @param sql the text of a prepared or callable statement, {@code null} for a plain statement (whose text comes
     *            with each execution)
     */
    StatementPlacement(RoutingConnection owner, @Nullable String sql, Factory<S> factory) {
        this.owner = owner;
        this.sql = sql;
        this.factory = factory;
    }

    /**
     * Runs one execution, routed by its text: the prepared text, else the plain statement's {@code text} (when that is
     * {@code null} too, the physical statement it has, or the primary).
     */
    <R> R execute(@Nullable String text, Call<? super S, R> call) throws SQLException {
        ensureOpen();
        String routed = sql != null ? sql : text;
        if (routed != null) {
            StatementRouter.Target next = owner.route(routed);
            if (current == null || next != target || next == StatementRouter.Target.STATEMENT_REPLICA) {
                open(next);
            }
        } else if (current == null) {
            open(StatementRouter.Target.PRIMARY);
        }
        if (target == StatementRouter.Target.PRIMARY) {
            owner.runsOnPrimary(routed);
        }
        return retrying(call);
    }

    /** Runs a batch: on the physical statement the statement has, else on the primary. */
    <R> R executeBatch(Call<? super S, R> call) throws SQLException {
        ensureOpen();
        if (current == null) {
            open(StatementRouter.Target.PRIMARY);
        }
        if (target == StatementRouter.Target.PRIMARY) {
            owner.runsOnPrimary(sql);
        }
        return retrying(call);
    }

    /** Adds a plain statement's text to its batch, on the primary: a batch is for writes. */
    void addBatch(String text) throws SQLException {
        ensureOpen();
        if (current == null || target != StatementRouter.Target.PRIMARY) {
            open(StatementRouter.Target.PRIMARY);
        }
        physical().addBatch(text);
    }

    /** Any other call: on the physical statement, taking one as the statement's text routes when there is none. */
    <R> R call(Call<? super S, R> call) throws SQLException {
        ensureOpen();
        if (current == null) {
            open(sql == null ? StatementRouter.Target.PRIMARY : owner.route(sql));
        }
        return call.on(physical());
    }

    /** Any other call without a result, as {@link #call}. */
    void run(Setting<? super S> action) throws SQLException {
        ensureOpen();
        if (current == null) {
            open(sql == null ? StatementRouter.Target.PRIMARY : owner.route(sql));
        }
        action.on(physical());
    }

    /** A question only a physical statement can answer, {@code null} when there is none (warnings). */
    <R> @Nullable R whenPlaced(Call<? super S, R> call) throws SQLException {
        ensureOpen();
        S s = current;
        return s == null ? null : call.on(s);
    }

    /** A call that needs no physical statement when there is none (cancel, clearing warnings): then it does nothing. */
    void ifPlaced(Setting<? super S> call) throws SQLException {
        ensureOpen();
        S s = current;
        if (s != null) {
            call.on(s);
        }
    }

    /**
     * A setter: applied now when there is a physical statement, and replayed on each later one. Only the latest call
     * per key is kept (a later value of a parameter replaces an earlier one), so the record is bounded by the
     * statement's parameters however often it runs.
     */
    void set(String key, Setting<? super S> setting) throws SQLException {
        ensureOpen();
        recorded.remove(key);
        recorded.put(key, setting);
        S s = current;
        if (s != null) {
            setting.on(s);
        }
    }

    /** Drops every recorded parameter (not the statement's other settings), and clears them on the physical one. */
    void clearParameters(Setting<? super S> clear) throws SQLException {
        ensureOpen();
        recorded.keySet().removeIf(k -> k.startsWith(PARAMETER));
        S s = current;
        if (s != null) {
            clear.on(s);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the physical statement and gives back its lease when it was the statement's own. Idempotent. */
    void close() throws SQLException {
        if (!closed) {
            closed = true;
            moveOff();
        }
    }

    /** Runs an execution; an auto-commit read whose replica went away runs again elsewhere, at most three times. */
    private <R> R retrying(Call<? super S, R> call) throws SQLException {
        int attempts = 0;
        while (true) {
            try {
                return call.on(physical());
            } catch (SQLException e) {
                Lease failed = lease;
                if (failed == null || failed.replica() == null || target == StatementRouter.Target.PRIMARY
                    || !owner.readsAreRetryable() || !ConnectionLoss.is(e) || attempts++ >= MAX_RETRIES) {
                    throw e;
                }
                reopen(owner.replace(failed, e));
            }
        }
    }

    /** Moves this statement to a new physical statement on the target's connection. */
    private void open(StatementRouter.Target next) throws SQLException {
        Lease nextLease = owner.lease(next);
        try {
            reopen(nextLease);
        } catch (SQLException | RuntimeException e) {
            // the lease goes back to its pool: nothing here may point at it or at a statement on its connection
            if (lease == nextLease) {
                closeQuietly(current);
                lease = null;
                current = null;
            }
            owner.release(nextLease);
            throw e;
        }
        target = next;
    }

    private void reopen(Lease nextLease) throws SQLException {
        moveOff();
        lease = nextLease;
        S s = factory.create(nextLease.connection());
        current = s;
        for (Map.Entry<String, Setting<? super S>> call : recorded.entrySet()) {
            try {
                call.getValue().on(s);
            } catch (SQLException e) {
                throw new SQLException("could not replay " + call.getKey() + " on a new statement: " + e.getMessage(),
                    e.getSQLState(), e);
            }
        }
    }

    /**
     * Closes the physical statement, and gives back its lease when it was this statement's own (a per-statement read
     * of a transaction): its result is gone, so a transaction holds one replica lease per open statement at most.
     */
    private void moveOff() throws SQLException {
        Lease previous = lease;
        try {
            closeCurrent();
        } finally {
            lease = null;
            if (previous != null) {
                owner.release(previous);
            }
        }
    }

    /** Closes the physical statement; a failure because its server went away is no failure to close. */
    private void closeCurrent() throws SQLException {
        S s = current;
        current = null;
        if (s != null) {
            try {
                s.close();
            } catch (SQLException e) {
                if (lease == null || !ConnectionLoss.is(e)) {
                    throw e;
                }
            }
        }
    }

    private static void closeQuietly(@Nullable Statement s) {
        if (s != null) {
            try {
                s.close();
            } catch (SQLException ignored) {
                // its connection goes back to the pool, which closes what is left open
            }
        }
    }

    private S physical() {
        S s = current;
        if (s == null) {
            throw new IllegalStateException("no physical statement");
        }
        return s;
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
    }

    @Override
    public String toString() {
        return (sql == null ? "plain" : "prepared") + ", " + (target == null ? "not placed" : target);
    }
}
