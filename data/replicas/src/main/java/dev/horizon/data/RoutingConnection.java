package dev.horizon.data;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One logical connection of a {@link RoutingDataSource}: it takes physical connections from the pools only when a
 * statement needs one, and decides for each statement where it runs (see {@link #route}).
 *
 * <p>It holds at most one primary connection, one replica lease for its read-only work, and — for
 * {@link TransactionReads#PER_STATEMENT} — one lease per read of the current transaction. Connection settings
 * (auto-commit, read-only, isolation, schema, catalog, holdability) are kept here and applied to each physical
 * connection as it is taken; HikariCP resets them when the connection returns to its pool, so nothing set here
 * reaches the pool's next user. Not thread-safe, like any JDBC connection.
 */
final class RoutingConnection implements Connection {

    private static final System.Logger LOG = System.getLogger(RoutingConnection.class.getName());

    /** Where one statement runs. */
    enum Target {
        PRIMARY,
        /** The connection's one replica lease. */
        REPLICA,
        /** A replica lease of its own, released when the transaction ends. */
        STATEMENT_REPLICA
    }

    private final SplittingDataSource source;
    private final RoutingSettings settings;
    private final DataScope.Hints hints;
    private final boolean tracksWrites;
    private @Nullable Connection primary;
    private @Nullable Lease replica;
    private final List<Lease> statementReplicas = new ArrayList<>();
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = -1;
    private int holdability = -1;
    private @Nullable String schema;
    private @Nullable String catalog;
    private boolean unreportedWrite;
    private boolean wrote;
    private boolean closed;

    RoutingConnection(SplittingDataSource source, DataScope.Hints hints) {
        this.source = source;
        this.settings = source.settings();
        this.hints = hints;
        this.tracksWrites = hints.causal() != null || settings.classifiesStatements();
    }

    /**
     * Where a statement with this text (null when not known yet) runs: the primary when a scope says so; a replica
     * for read-only work (a read-only connection or scope); the primary after this connection wrote; otherwise, when
     * statements are classified, a provably read-only statement outside a transaction goes to a replica (when plain
     * selects are routed) and one inside a transaction as {@link TransactionReads} says; everything else to the
     * primary.
     */
    Target route(@Nullable String sql) throws SQLException {
        ensureOpen();
        if (hints.route() == DataScope.Route.PRIMARY) {
            return Target.PRIMARY;
        }
        if (readOnly || hints.route() == DataScope.Route.REPLICA) {
            return Target.REPLICA;
        }
        if (sql == null || wrote || !settings.classifiesStatements()) {
            return Target.PRIMARY;
        }
        if (autoCommit) {
            return settings.routePlainSelects() && ReadOnlySql.isReadOnly(sql) ? Target.REPLICA : Target.PRIMARY;
        }
        return switch (settings.transactionReads()) {
            case PRIMARY -> Target.PRIMARY;
            case FIXED_REPLICA -> ReadOnlySql.isReadOnly(sql) ? Target.REPLICA : Target.PRIMARY;
            case PER_STATEMENT -> ReadOnlySql.isReadOnly(sql) ? Target.STATEMENT_REPLICA : Target.PRIMARY;
        };
    }

    /** The physical connection for a target; for {@link Target#STATEMENT_REPLICA} a new lease each time. */
    Lease lease(Target target) throws SQLException {
        return switch (target) {
            case PRIMARY -> Lease.fallback(primary());
            case REPLICA -> replica();
            case STATEMENT_REPLICA -> {
                Lease lease = readLease(new HashSet<>());
                statementReplicas.add(lease);
                yield lease;
            }
        };
    }

    /**
     * A statement gives back a lease it no longer uses: a per-statement read lease is rolled back (its read-only
     * transaction ends) and returned to its pool at once; the connection's own leases stay until it is closed.
     */
    void release(Lease lease) throws SQLException {
        if (!statementReplicas.remove(lease)) {
            return;
        }
        try {
            if (!autoCommit) {
                lease.connection().rollback();
            }
        } catch (SQLException e) {
            lease.discard();
            return;
        }
        lease.close();
    }

    /**
     * A statement with this text is about to run on the primary: note whether it may write. Inside
     * {@link DataScope#primary()} every statement may (the scope is for SELECTs that call functions that write).
     */
    void runsOnPrimary(@Nullable String sql) {
        boolean mayWrite = sql == null || hints.route() == DataScope.Route.PRIMARY || !ReadOnlySql.isReadOnly(sql);
        if (tracksWrites && mayWrite) {
            wrote = true;
            unreportedWrite = true;
        }
    }

    /** Whether a failed read may run again elsewhere: outside a transaction, before any write. */
    boolean readsAreRetryable() {
        return autoCommit && !wrote;
    }

    /**
     * The lease {@code failed} broke because its server went away: the replica leaves the read set, and a new lease
     * (another replica, or the primary) replaces it for this connection.
     */
    Lease replace(Lease failed, SQLException cause) throws SQLException {
        boolean fixed = replica == failed;
        if (!fixed && !statementReplicas.contains(failed)) {
            return lease(Target.REPLICA);
        }
        Set<Replica> excluded = new HashSet<>();
        Replica lost = failed.replica();
        if (lost != null) {
            source.lost(lost, cause);
            excluded.add(lost);
        }
        failed.discard();
        if (fixed) {
            replica = null;
        } else {
            statementReplicas.remove(failed);
        }
        source.retried();
        Lease next = readLease(excluded);
        if (fixed) {
            replica = next;
        } else {
            statementReplicas.add(next);
        }
        return next;
    }

    /** A read lease with this connection's settings applied; given back when applying them fails. */
    private Lease readLease(Set<Replica> excluded) throws SQLException {
        Lease lease = source.readConnection(hints.after(), excluded);
        try {
            apply(lease.connection(), false);
        } catch (SQLException | RuntimeException e) {
            try {
                lease.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return lease;
    }

    private Connection primary() throws SQLException {
        Connection c = primary;
        if (c == null) {
            c = source.primaryConnection();
            try {
                apply(c, true);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            primary = c;
        }
        return c;
    }

    private Lease replica() throws SQLException {
        Lease lease = replica;
        if (lease == null) {
            lease = readLease(new HashSet<>());
            replica = lease;
        }
        return lease;
    }

    private void apply(Connection c, boolean isPrimary) throws SQLException {
        if (c.getAutoCommit() != autoCommit) {
            c.setAutoCommit(autoCommit);
        }
        if (isPrimary && readOnly) {
            c.setReadOnly(true);
        }
        if (isolation != -1) {
            c.setTransactionIsolation(isolation);
        }
        if (holdability != -1) {
            c.setHoldability(holdability);
        }
        if (schema != null) {
            c.setSchema(schema);
        }
        if (catalog != null) {
            c.setCatalog(catalog);
        }
    }

    private List<Connection> held() {
        List<Connection> out = new ArrayList<>(2 + statementReplicas.size());
        if (primary != null) {
            out.add(primary);
        }
        if (replica != null) {
            out.add(replica.connection());
        }
        statementReplicas.forEach(l -> out.add(l.connection()));
        return out;
    }

    /**
     * Reports the primary's WAL insert position to the causal scope, once per batch of writes. The writes are
     * committed already, so a failure here is logged, not thrown: the user's next read may then miss them on a
     * replica, which is what a connection without a causal scope risks anyway.
     */
    private void reportWrite() {
        DataScope.Causal causal = hints.causal();
        Connection c = primary;
        if (!unreportedWrite || causal == null || c == null) {
            return;
        }
        unreportedWrite = false;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            r.next();
            causal.wrote(CausalToken.parse(r.getString(1)));
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not report a write's causal token; the next read may not "
                + "see it on a replica: " + e, e);
        }
    }

    private void endTransaction() throws SQLException {
        SQLException failure = null;
        for (Lease l : statementReplicas) {
            try {
                l.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        statementReplicas.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("connection is closed", "08003");
        }
    }

    private Statement statement(StatementHandler.Kind kind, @Nullable String sql, Object... createArgs)
            throws SQLException {
        ensureOpen();
        return StatementHandler.create(this, kind, sql, createArgs);
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        return statement(StatementHandler.Kind.STATEMENT, null);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return statement(StatementHandler.Kind.STATEMENT, null, resultSetType, resultSetConcurrency);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return statement(StatementHandler.Kind.STATEMENT, null, resultSetType, resultSetConcurrency,
            resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return (PreparedStatement) statement(StatementHandler.Kind.PREPARED, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return (PreparedStatement) statement(StatementHandler.Kind.PREPARED, sql, resultSetType,
            resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return (PreparedStatement) statement(StatementHandler.Kind.PREPARED, sql, resultSetType,
            resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return (PreparedStatement) statement(StatementHandler.Kind.PREPARED, sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return (PreparedStatement) statement(StatementHandler.Kind.PREPARED, sql, (Object) columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return (PreparedStatement) statement(StatementHandler.Kind.PREPARED, sql, (Object) columnNames);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return (CallableStatement) statement(StatementHandler.Kind.CALLABLE, sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return (CallableStatement) statement(StatementHandler.Kind.CALLABLE, sql, resultSetType,
            resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return (CallableStatement) statement(StatementHandler.Kind.CALLABLE, sql, resultSetType,
            resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return primary().nativeSQL(sql);
    }

    // ---- transactions

    @Override
    public void setAutoCommit(boolean enabled) throws SQLException {
        ensureOpen();
        if (enabled == autoCommit) {
            return;
        }
        if (!enabled) {
            reportWrite();
        }
        for (Connection c : held()) {
            c.setAutoCommit(enabled);
        }
        autoCommit = enabled;
        if (enabled) {
            endTransaction();
            reportWrite();
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ensureOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        ensureOpen();
        if (autoCommit) {
            throw new SQLException("commit with auto-commit on", "25000");
        }
        if (replica != null) {
            replica.connection().commit();
        }
        for (Lease l : statementReplicas) {
            l.connection().commit();
        }
        if (primary != null) {
            primary.commit();
        }
        endTransaction();
        reportWrite();
    }

    @Override
    public void rollback() throws SQLException {
        ensureOpen();
        if (autoCommit) {
            throw new SQLException("rollback with auto-commit on", "25000");
        }
        SQLException failure = null;
        for (Connection c : held()) {
            try {
                c.rollback();
            } catch (SQLException e) {
                failure = e;
            }
        }
        unreportedWrite = false;
        endTransaction();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return primary().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return primary().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        primary().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        primary().releaseSavepoint(savepoint);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        ensureOpen();
        for (Connection c : held()) {
            c.setTransactionIsolation(level);
        }
        isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        ensureOpen();
        return isolation != -1 ? isolation : primary().getTransactionIsolation();
    }

    @Override
    public void setReadOnly(boolean enabled) throws SQLException {
        ensureOpen();
        if (primary != null) {
            primary.setReadOnly(enabled);
        }
        readOnly = enabled;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        ensureOpen();
        return readOnly;
    }

    // ---- lifecycle

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        if (autoCommit) {
            reportWrite();
        }
        closed = true;
        SQLException failure = giveBack();
        if (failure != null) {
            throw failure;
        }
    }

    /** Returns every physical connection to its pool; the first failure, if any, after trying them all. */
    private @Nullable SQLException giveBack() {
        SQLException failure = null;
        List<AutoCloseableLease> all = new ArrayList<>();
        if (replica != null) {
            all.add(replica::close);
        }
        statementReplicas.forEach(l -> all.add(l::close));
        if (primary != null) {
            all.add(primary::close);
        }
        replica = null;
        primary = null;
        statementReplicas.clear();
        for (AutoCloseableLease l : all) {
            try {
                l.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        return failure;
    }

    /** Something this connection holds and must give back. */
    @FunctionalInterface
    private interface AutoCloseableLease {
        void close() throws SQLException;
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
        SQLException failure = null;
        for (Connection c : held()) {
            try {
                c.abort(executor);
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        giveBack();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return !closed && primary().isValid(timeout);
    }

    // ---- settings applied to every physical connection

    @Override
    public void setCatalog(String name) throws SQLException {
        ensureOpen();
        for (Connection c : held()) {
            c.setCatalog(name);
        }
        catalog = name;
    }

    @Override
    public @Nullable String getCatalog() throws SQLException {
        ensureOpen();
        return catalog != null ? catalog : primary().getCatalog();
    }

    @Override
    public void setSchema(String name) throws SQLException {
        ensureOpen();
        for (Connection c : held()) {
            c.setSchema(name);
        }
        schema = name;
    }

    @Override
    public @Nullable String getSchema() throws SQLException {
        ensureOpen();
        return schema != null ? schema : primary().getSchema();
    }

    @Override
    public void setHoldability(int value) throws SQLException {
        ensureOpen();
        for (Connection c : held()) {
            c.setHoldability(value);
        }
        holdability = value;
    }

    @Override
    public int getHoldability() throws SQLException {
        ensureOpen();
        return holdability != -1 ? holdability : primary().getHoldability();
    }

    // ---- served by the primary connection

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return primary().getMetaData();
    }

    @Override
    public @Nullable SQLWarning getWarnings() throws SQLException {
        ensureOpen();
        return primary == null ? null : primary.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        for (Connection c : held()) {
            c.clearWarnings();
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return primary().getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        primary().setTypeMap(map);
    }

    @Override
    public Clob createClob() throws SQLException {
        return primary().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return primary().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return primary().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return primary().createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return primary().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return primary().createStruct(typeName, attributes);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            primary().setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        try {
            primary().setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
        }
    }

    @Override
    public @Nullable String getClientInfo(String name) throws SQLException {
        return primary().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return primary().getClientInfo();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        primary().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return primary().getNetworkTimeout();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return primary().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || primary().isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RoutingConnection[primary=" + (primary != null) + ", replica="
            + (replica == null ? "none" : replica.replica() == null ? "primary" : replica.replica()) + "]";
    }
}
