package dev.horizon.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/** The {@link RoutingDataSource}: HikariCP pools per node, a {@link ReplicaSet}, and its {@link LagMonitor}. */
final class SplittingDataSource implements RoutingDataSource {

    private final RoutingSettings settings;
    private final StatementRouter router;
    private final HikariDataSource primary;
    private final ReplicaSet replicas;
    private final LagMonitor monitor;
    private final Map<String, LongAdder> connections = new ConcurrentHashMap<>();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder causalWaits = new LongAdder();

    SplittingDataSource(RoutingSettings settings) {
        this(settings, System::nanoTime);
    }

    /** With the lag monitor on {@code monitorClock}, for tests that force an interleaving. */
    SplittingDataSource(RoutingSettings settings, LongSupplier monitorClock) {
        this.settings = settings;
        this.router = StatementRouter.of(settings.routePlainSelects(), settings.transactionReads());
        this.primary = pool(settings.primary(), false);
        List<Replica> list = new ArrayList<>();
        try {
            for (DataNode node : settings.replicas()) {
                list.add(new Replica(node, pool(node, true)));
            }
        } catch (RuntimeException e) {
            list.forEach(r -> r.pool().close());
            primary.close();
            throw e;
        }
        this.replicas = new ReplicaSet(list, settings.balance());
        this.monitor = new LagMonitor(settings, list, replicas::refresh, monitorClock);
        monitor.start();
    }

    private static HikariDataSource pool(DataNode node, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("horizon-" + node.name());
        config.setJdbcUrl(node.jdbcUrl());
        if (!node.user().isEmpty()) {
            config.setUsername(node.user());
            config.setPassword(node.password());
        }
        config.setMaximumPoolSize(node.poolSize());
        config.setConnectionTimeout(node.connectTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, node.connectTimeout().toMillis() / 2));
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(readOnly);
        return new HikariDataSource(config);
    }

    /** The replicas, in configuration order. */
    List<Replica> replicaList() {
        return replicas.all();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new RoutingConnection(this, router, DataScope.current());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a routing data source connects with each node's own credentials");
    }

    /** A connection to the primary. */
    Connection primaryConnection() throws SQLException {
        Connection c = primary.getConnection();
        count(settings.primary().name());
        return c;
    }

    /**
     * A connection for reads: a usable replica's, one that has replayed {@code after} when given (waiting up to the
     * causal wait for one to catch up), else the primary's or an error as {@link NoReplica} says. Replicas whose pool
     * fails are marked down and skipped.
     */
    Lease readConnection(@Nullable CausalToken after, Set<Replica> excluded) throws SQLException {
        while (true) {
            Replica r = replicas.pick(after, excluded);
            if (r == null) {
                return after == null ? noReplica() : awaitReplay(after, excluded);
            }
            Connection c = connect(r, excluded);
            if (c != null) {
                count(r.node().name());
                return Lease.on(r, c);
            }
        }
    }

    /** A reader saw {@code replica} fail: it leaves the read set at once, and the monitor retries it later. */
    void lost(Replica replica, SQLException e) {
        replica.failed("unreachable: " + e.getMessage(), System.nanoTime(), settings.lagCheckInterval().toNanos());
        replicas.refresh();
    }

    void retried() {
        retries.increment();
    }

    /**
     * A connection from the replica's pool, or null when it has none to give: then the replica is skipped for this
     * read, and marked down only when it failed — not when every connection is merely busy.
     */
    private @Nullable Connection connect(Replica r, Set<Replica> excluded) {
        try {
            return r.pool().getConnection();
        } catch (SQLException e) {
            excluded.add(r);
            if (!busy(e)) {
                lost(r, e);
            }
            return null;
        }
    }

    /**
     * Whether a pool's failure means only that all its connections are in use. HikariCP's timeout is a
     * {@link SQLTransientConnectionException} whose cause is the pool's last failure to open a connection, if any
     * ({@code HikariPool.createTimeoutException}); without a cause, the server is reachable and the pool is busy.
     */
    private static boolean busy(SQLException e) {
        return e instanceof SQLTransientConnectionException && e.getCause() == null;
    }

    /**
     * Waits on the replica furthest ahead until it replays {@code after}, else reads the primary. A poll that fails
     * gives its connection back, skips that replica (marking it down when it went away) and tries the next one: the
     * primary can always serve a causal read, so a failed wait never fails the read.
     */
    private Lease awaitReplay(CausalToken after, Set<Replica> excluded) throws SQLException {
        long deadline = System.nanoTime() + settings.causalWait().toNanos();
        while (!settings.causalWait().isZero()) {
            Replica r = replicas.furthest(excluded);
            if (r == null) {
                break;
            }
            Connection c = connect(r, excluded);
            if (c == null) {
                continue;
            }
            causalWaits.increment();
            boolean caughtUp = false;
            try {
                caughtUp = replayed(c, after, deadline);
            } catch (SQLException e) {
                excluded.add(r);
                if (ConnectionLoss.is(e)) {
                    lost(r, e);
                }
                continue;
            } finally {
                if (!caughtUp) {
                    closeQuietly(c);
                }
            }
            if (caughtUp) {
                count(r.node().name());
                return Lease.on(r, c);
            }
            break;
        }
        fallbacks.increment();
        return Lease.fallback(primaryConnection());
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // broken already; the pool evicts it
        }
    }

    /** Polls the replica's replay position until it reaches {@code after} or the deadline passes. */
    private static boolean replayed(Connection c, CausalToken after, long deadline) throws SQLException {
        try (Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet r = s.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
                    r.next();
                    String lsn = r.getString(1);
                    if (lsn != null && after.isReplayedBy(CausalToken.parse(lsn).lsn())) {
                        return true;
                    }
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private Lease noReplica() throws SQLException {
        if (settings.noReplica() == NoReplica.FAIL) {
            throw new SQLException("no replica is usable for a read: " + replicas.describe(), "08001");
        }
        fallbacks.increment();
        return Lease.fallback(primaryConnection());
    }

    private void count(String node) {
        connections.computeIfAbsent(node, n -> new LongAdder()).increment();
    }

    @Override
    public List<ReplicaStatus> replicas() {
        return replicas.statuses();
    }

    @Override
    public RoutingStats stats() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(settings.primary().name(), 0L);
        settings.replicas().forEach(r -> counts.put(r.name(), 0L));
        connections.forEach((node, n) -> counts.put(node, n.sum()));
        return new RoutingStats(counts, fallbacks.sum(), retries.sum(), causalWaits.sum());
    }

    @Override
    public void close() {
        monitor.close();
        replicas.all().forEach(r -> r.pool().close());
        primary.close();
    }

    @Override
    public @Nullable PrintWriter getLogWriter() throws SQLException {
        return primary.getLogWriter();
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) throws SQLException {
        primary.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        primary.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return primary.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "RoutingDataSource[primary=" + settings.primary().name() + ", " + replicas.describe() + "]";
    }
}
