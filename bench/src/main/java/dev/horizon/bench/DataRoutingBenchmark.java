package dev.horizon.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.data.DataNode;
import dev.horizon.data.ReplicaStatus;
import dev.horizon.data.RoutingDataSource;
import dev.horizon.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A point SELECT by primary key (take a connection, prepare, execute, read, close) against a real PostgreSQL started
 * for the trial: plain HikariCP on the primary, Horizon's routing data source on the primary (its overhead), and the
 * routing data source sending read-only connections to two streaming replicas. Everything shares this machine's
 * cores, so replicas add no capacity here; the replica row shows the routing cost, not a scale-out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@Threads(4)
public class DataRoutingBenchmark {

    private static final int ROWS = 10_000;

    @Param({"hikari", "router-primary", "router-replicas"})
    public String mode;

    private final List<PostgresServer> servers = new ArrayList<>();
    private DataSource source;
    private AutoCloseable closer;
    private boolean readOnly;

    @Setup(Level.Trial)
    public void start() throws Exception {
        PostgresServer primary = new PostgresServer();
        servers.add(primary);
        try (Connection c = java.sql.DriverManager.getConnection(primary.jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kv (id INT PRIMARY KEY, v TEXT NOT NULL)");
            s.execute("INSERT INTO kv SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g");
        }
        switch (mode) {
            case "hikari" -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(primary.jdbcUrl());
                config.setMaximumPoolSize(8);
                HikariDataSource pool = new HikariDataSource(config);
                source = pool;
                closer = pool;
            }
            case "router-primary" -> {
                RoutingDataSource routing = RoutingDataSource.builder(node("primary", primary)).build();
                source = routing;
                closer = routing;
            }
            case "router-replicas" -> {
                servers.add(primary.replica());
                servers.add(primary.replica());
                RoutingDataSource routing = RoutingDataSource.builder(node("primary", primary))
                    .replica(node("replica-1", servers.get(1))).replica(node("replica-2", servers.get(2))).build();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!routing.replicas().stream().allMatch(ReplicaStatus::usable)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("replicas did not come up: " + routing.replicas());
                    }
                    Thread.sleep(50);
                }
                source = routing;
                closer = routing;
                readOnly = true;
            }
            default -> throw new IllegalArgumentException("mode: " + mode);
        }
    }

    private static DataNode node(String name, PostgresServer server) {
        return DataNode.of(name, server.jdbcUrl()).withPoolSize(8);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        closer.close();
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    @Benchmark
    public String pointSelect() throws SQLException {
        try (Connection c = source.getConnection()) {
            if (readOnly) {
                c.setReadOnly(true);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
                p.setInt(1, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        }
    }
}
