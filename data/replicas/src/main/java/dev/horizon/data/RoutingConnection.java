package dev.horizon.data;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One logical connection of a {@link RoutingDataSource}: it takes physical connections from the pools only when a
 * statement needs one, and decides for each execution where it runs.
 *
 * <p>Three parts do the work: {@link StatementRouter} decides where a statement runs from this connection's
 * {@link ConnectionState} alone; {@link Leases} takes, replaces and gives back the pooled connections;
 * {@link CausalReport} reports committed writes to the causal scope. The statements it hands out
 * ({@link RoutingStatement} and its subclasses) delegate to physical statements and ask this connection where to run.
 * Connection settings are kept here and applied to each physical connection as it is taken
 * ({@link ConnectionSettings}). Not thread-safe, like any JDBC connection.
 */
final class RoutingConnection extends PrimaryServedConnection {

    private final StatementRouter router;
    private final Leases leases;
    private final CausalReport causal;
    private final ConnectionSettings settings = new ConnectionSettings();
    private ConnectionState state;
    private boolean closed;

    RoutingConnection(SplittingDataSource source, StatementRouter router, DataScope.Hints hints) {
        this.router = router;
        this.state = ConnectionState.of(hints);
        this.causal = new CausalReport(hints.causal());
        this.leases = new Leases(source, hints, (c, primary) -> settings.apply(c, primary, state));
    }

    // ---- what this connection's statements ask

    /** Where a statement with this text runs now ({@link StatementRouter#route}). */
    StatementRouter.Target route(@Nullable String sql) throws SQLException {
        ensureOpen();
        return router.route(state, sql);
    }

    /** The physical connection for a target; for a per-statement replica a new lease each time. */
    Lease lease(StatementRouter.Target target) throws SQLException {
        ensureOpen();
        return leases.lease(target);
    }

    /** A statement gives back a lease it no longer uses (only its own per-statement lease is returned). */
    void release(Lease lease) throws SQLException {
        leases.release(lease, !state.autoCommit());
    }

    /** A statement with this text is about to run on the primary: note whether it may write. */
    void runsOnPrimary(@Nullable String sql) {
        if (router.writes(state, sql)) {
            state = state.withWrite();
            causal.wrote();
        }
    }

    /** Whether a failed read may run again elsewhere. */
    boolean readsAreRetryable() {
        return router.readsAreRetryable(state);
    }

    /** The lease {@code failed} broke because its server went away: another replica's, or the primary's. */
    Lease replace(Lease failed, SQLException cause) throws SQLException {
        return leases.replace(failed, cause);
    }

    @Override
    Connection primary() throws SQLException {
        ensureOpen();
        return leases.primary();
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("connection is closed", "08003");
        }
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        ensureOpen();
        return new RoutingStatement<>(this, null, Connection::createStatement);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        ensureOpen();
        return new RoutingStatement<>(this, null, c -> c.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        ensureOpen();
        return new RoutingStatement<>(this, null,
            c -> c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        ensureOpen();
        return new RoutingPreparedStatement<>(this, sql, c -> c.prepareStatement(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        ensureOpen();
        return new RoutingPreparedStatement<>(this, sql,
            c -> c.prepareStatement(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        ensureOpen();
        return new RoutingPreparedStatement<>(this, sql,
            c -> c.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        ensureOpen();
        return new RoutingPreparedStatement<>(this, sql, c -> c.prepareStatement(sql, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        ensureOpen();
        return new RoutingPreparedStatement<>(this, sql, c -> c.prepareStatement(sql, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        ensureOpen();
        return new RoutingPreparedStatement<>(this, sql, c -> c.prepareStatement(sql, columnNames));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        ensureOpen();
        return new RoutingCallableStatement(this, sql, c -> c.prepareCall(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        ensureOpen();
        return new RoutingCallableStatement(this, sql, c -> c.prepareCall(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        ensureOpen();
        return new RoutingCallableStatement(this, sql,
            c -> c.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    // ---- transactions

    /**
     * Begins or ends a transaction on every physical connection held. Writes made with auto-commit on are reported
     * before a transaction begins (so its rollback cannot lose them), and a transaction's when auto-commit ends it.
     */
    @Override
    public void setAutoCommit(boolean enabled) throws SQLException {
        ensureOpen();
        if (enabled == state.autoCommit()) {
            return;
        }
        if (!enabled) {
            causal.report(leases.primaryIfTaken());
        }
        for (Connection c : leases.held()) {
            c.setAutoCommit(enabled);
        }
        state = state.withAutoCommit(enabled);
        if (enabled) {
            leases.endTransaction();
            causal.report(leases.primaryIfTaken());
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ensureOpen();
        return state.autoCommit();
    }

    /** Commits the read connections' transactions, then the primary's, and reports the writes. */
    @Override
    public void commit() throws SQLException {
        ensureOpen();
        if (state.autoCommit()) {
            throw new SQLException("commit with auto-commit on", "25000");
        }
        leases.commitReads();
        Connection p = leases.primaryIfTaken();
        if (p != null) {
            p.commit();
        }
        leases.endTransaction();
        causal.report(p);
    }

    /** Rolls back every physical connection held; the first failure after all were tried. Nothing is reported. */
    @Override
    public void rollback() throws SQLException {
        ensureOpen();
        if (state.autoCommit()) {
            throw new SQLException("rollback with auto-commit on", "25000");
        }
        SQLException failure = null;
        for (Connection c : leases.held()) {
            try {
                c.rollback();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        causal.forget();
        leases.endTransaction();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        ensureOpen();
        for (Connection c : leases.held()) {
            c.setTransactionIsolation(level);
        }
        settings.isolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        ensureOpen();
        return settings.isolation() != -1 ? settings.isolation() : primary().getTransactionIsolation();
    }

    /** Read-only sends every later statement to a replica; the primary connection, if held, is told too. */
    @Override
    public void setReadOnly(boolean enabled) throws SQLException {
        ensureOpen();
        Connection p = leases.primaryIfTaken();
        if (p != null) {
            p.setReadOnly(enabled);
        }
        state = state.withReadOnly(enabled);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        ensureOpen();
        return state.readOnly();
    }

    // ---- settings applied to every physical connection

    @Override
    public void setCatalog(String name) throws SQLException {
        ensureOpen();
        for (Connection c : leases.held()) {
            c.setCatalog(name);
        }
        settings.catalog(name);
    }

    @Override
    public @Nullable String getCatalog() throws SQLException {
        ensureOpen();
        String catalog = settings.catalog();
        return catalog != null ? catalog : primary().getCatalog();
    }

    @Override
    public void setSchema(String name) throws SQLException {
        ensureOpen();
        for (Connection c : leases.held()) {
            c.setSchema(name);
        }
        settings.schema(name);
    }

    @Override
    public @Nullable String getSchema() throws SQLException {
        ensureOpen();
        String schema = settings.schema();
        return schema != null ? schema : primary().getSchema();
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        ensureOpen();
        for (Connection c : leases.held()) {
            c.setHoldability(value);
        }
        settings.holdability(value);
    }

    @Override
    public int getHoldability() throws SQLException {
        ensureOpen();
        return settings.holdability() != -1 ? settings.holdability() : primary().getHoldability();
    }

    @Override
    public @Nullable SQLWarning getWarnings() throws SQLException {
        ensureOpen();
        Connection p = leases.primaryIfTaken();
        return p == null ? null : p.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        ensureOpen();
        for (Connection c : leases.held()) {
            c.clearWarnings();
        }
    }

    // ---- lifecycle

    /** Reports auto-commit writes, then gives every physical connection back; the first failure after all tried. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        if (state.autoCommit()) {
            causal.report(leases.primaryIfTaken());
        }
        closed = true;
        SQLException failure = leases.giveBack();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Aborts every physical connection held, then gives each back to its pool (which evicts it), so an aborted
     * connection leaks no pooled connection and no replica's in-flight count. Nothing is reported: the work is gone.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort: executor is null", "HY009");
        }
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = leases.abort(executor);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return !closed && primary().isValid(timeout);
    }

    @Override
    public String toString() {
        return "RoutingConnection[" + leases + "]";
    }
}
