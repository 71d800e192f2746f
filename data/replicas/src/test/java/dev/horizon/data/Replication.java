package dev.horizon.data;

import dev.horizon.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL primary with two streaming replicas, started once for all of this module's tests and stopped
 * when the test JVM exits. Tests that change a server (delay, stop) put it back before they end.
 */
public final class Replication {

    private static @Nullable Replication instance;

    final PostgresServer primary;
    final PostgresServer first;
    final PostgresServer second;

    private Replication() throws Exception {
        primary = new PostgresServer();
        first = primary.replica();
        second = primary.replica();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (PostgresServer s : List.of(second, first, primary)) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // best effort at exit
                }
            }
        }));
    }

    public static synchronized Replication get() throws Exception {
        Replication r = instance;
        if (r == null) {
            r = new Replication();
            instance = r;
        }
        return r;
    }

    public DataNode primaryNode() {
        return DataNode.of("primary", primary.jdbcUrl()).withPoolSize(4);
    }

    DataNode firstNode() {
        return DataNode.of("replica-1", first.jdbcUrl()).withPoolSize(4);
    }

    DataNode secondNode() {
        return DataNode.of("replica-2", second.jdbcUrl()).withPoolSize(4);
    }

    /** Runs statements on the primary directly. */
    void execute(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl()); Statement s = c.createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        }
    }

    /** A fresh database on the primary (dropped first if it exists), behind a small pool kept until exit. */
    public javax.sql.DataSource database(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name);
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(primary.jdbcUrl().replace("/postgres?", "/" + name + "?"));
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setPoolName(name);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    /** The JDBC URL of a database on the primary. */
    public String primaryUrl(String database) {
        return primary.jdbcUrl().replace("/postgres?", "/" + database + "?");
    }

    /** The JDBC URL of a database on the first replica. */
    public String firstReplicaUrl(String database) {
        return first.jdbcUrl().replace("/postgres?", "/" + database + "?");
    }

    /** Pauses ({@code false}) or resumes WAL replay on the first replica; a paused replica falls behind. */
    public void replayOnFirst(boolean running) throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(first.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(running ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
            if (!running) {
                await(Duration.ofSeconds(10), "replay is paused", () -> {
                    try (ResultSet r = s.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
                        return r.next() && "paused".equals(r.getString(1));
                    } catch (SQLException e) {
                        return false;
                    }
                });
            }
        }
    }

    /** The port of the server a connection's statements run on. */
    static int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_setting('port')")) {
            r.next();
            return Integer.parseInt(r.getString(1));
        }
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Waits until every replica of {@code ds} is usable. */
    public static void awaitUp(RoutingDataSource ds) throws InterruptedException {
        await(Duration.ofSeconds(20), "all replicas are up: " + ds.replicas(),
            () -> ds.replicas().stream().allMatch(ReplicaStatus::usable));
    }
}
