package dev.horizon.data;

import static dev.horizon.data.Replication.await;
import static dev.horizon.data.Replication.awaitUp;
import static dev.horizon.data.Replication.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lag, failures and read-your-writes, on a real primary and two streaming replicas that the tests delay and stop. */
final class ReplicaHealthTest {

    private static Replication cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = Replication.get();
        cluster.execute("CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY, body TEXT)");
    }

    private static RoutingDataSource build() {
        return RoutingDataSource.builder(cluster.primaryNode()).replica(cluster.firstNode())
            .replica(cluster.secondNode()).maxLag(Duration.ofMillis(300)).build();
    }

    @Test
    void aDelayedReplicaLeavesTheReadSetWithinOneSecondAndComesBack() throws Exception {
        try (RoutingDataSource ds = build()) {
            awaitUp(ds);
            cluster.first.set("recovery_min_apply_delay", "4s");
            try {
                Thread.sleep(300);
                long wrote = System.nanoTime();
                cluster.execute("INSERT INTO notes VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET body = 'y'");
                await(Duration.ofSeconds(1), "replica-1 lags: " + ds.replicas(),
                    () -> ds.replicas().get(0).state() == ReplicaStatus.State.LAGGING);
                assertThat(Duration.ofNanos(System.nanoTime() - wrote)).isLessThan(Duration.ofSeconds(1));
                assertThat(ds.replicas().get(0).problem()).startsWith("lag ").endsWith("> max 300ms");
                assertThat(ds.replicas().get(1).state()).isEqualTo(ReplicaStatus.State.UP);
                for (int i = 0; i < 6; i++) {
                    try (Connection c = ds.getConnection()) {
                        c.setReadOnly(true);
                        assertThat(port(c)).isEqualTo(cluster.second.port());
                    }
                }
            } finally {
                cluster.first.set("recovery_min_apply_delay", "0");
            }
            await(Duration.ofSeconds(6), "replica-1 is back: " + ds.replicas(),
                () -> ds.replicas().get(0).state() == ReplicaStatus.State.UP);
        }
    }

    @Test
    void aStoppedReplicaIsEjectedWithoutAFailedReadAndReturnsWhenStarted() throws Exception {
        try (RoutingDataSource ds = build()) {
            awaitUp(ds);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
            ExecutorService readers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(readers.submit(() -> {
                    while (running.get()) {
                        try (Connection c = ds.getConnection()) {
                            c.setReadOnly(true);
                            try (PreparedStatement s = c.prepareStatement("SELECT ?::int + 1")) {
                                s.setInt(1, 41);
                                try (ResultSet r = s.executeQuery()) {
                                    r.next();
                                    assertThat(r.getInt(1)).isEqualTo(42);
                                }
                            }
                            reads.incrementAndGet();
                        } catch (SQLException | AssertionError e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            try {
                await(Duration.ofSeconds(5), "reads run", () -> reads.get() > 200);
                cluster.second.stop();
                int before = reads.get();
                await(Duration.ofSeconds(3), "replica-2 is down: " + ds.replicas(),
                    () -> ds.replicas().get(1).state() == ReplicaStatus.State.DOWN);
                await(Duration.ofSeconds(5), "reads go on", () -> reads.get() > before + 200);
                assertThat(ds.replicas().get(1).problem()).startsWith("unreachable: ");
                for (int i = 0; i < 4; i++) {
                    try (Connection c = ds.getConnection()) {
                        c.setReadOnly(true);
                        assertThat(port(c)).isEqualTo(cluster.first.port());
                    }
                }
            } finally {
                cluster.second.start();
            }
            await(Duration.ofSeconds(15), "replica-2 is back: " + ds.replicas(),
                () -> ds.replicas().get(1).state() == ReplicaStatus.State.UP);
            running.set(false);
            for (Future<?> f : done) {
                f.get();
            }
            readers.shutdown();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void withNoUsableReplicaReadsFallBackToThePrimaryOrFailAsConfigured() throws Exception {
        DataNode nowhere = DataNode.of("replica-x", "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres")
            .withConnectTimeout(Duration.ofMillis(250));
        try (RoutingDataSource fallback = RoutingDataSource.builder(cluster.primaryNode()).replica(nowhere).build();
             RoutingDataSource strict = RoutingDataSource.builder(cluster.primaryNode()).replica(nowhere)
                 .noReplica(NoReplica.FAIL).build()) {
            try (Connection c = fallback.getConnection()) {
                c.setReadOnly(true);
                assertThat(port(c)).isEqualTo(cluster.primary.port());
            }
            assertThat(fallback.stats().fallbacks()).isEqualTo(1);
            await(Duration.ofSeconds(3), "replica-x is down",
                () -> strict.replicas().get(0).state() == ReplicaStatus.State.DOWN);
            try (Connection c = strict.getConnection()) {
                c.setReadOnly(true);
                assertThatThrownBy(() -> port(c)).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("no replica is usable for a read: replica-x: DOWN (unreachable: ");
            }
        }
    }

    @Test
    void readsAfterAWriteSeeItOnAnyInstanceWhileAReplicaLags() throws Exception {
        try (RoutingDataSource a = build(); RoutingDataSource b = build()) {
            awaitUp(a);
            awaitUp(b);
            cluster.execute("CREATE TABLE IF NOT EXISTS counters (id INT PRIMARY KEY, n INT)",
                "INSERT INTO counters VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0");
            cluster.first.set("recovery_min_apply_delay", "2s");
            try {
                for (int i = 1; i <= 100; i++) {
                    AtomicReference<@Nullable CausalToken> token = new AtomicReference<>();
                    try (DataScope scope = DataScope.causal(null, token::set); Connection c = a.getConnection();
                         Statement s = c.createStatement()) {
                        assertThat(s.executeUpdate("UPDATE counters SET n = " + i + " WHERE id = 1")).isEqualTo(1);
                    }
                    assertThat(token.get()).isNotNull();
                    try (DataScope scope = DataScope.causal(token.get(), t -> { });
                         DataScope read = DataScope.readOnly(); Connection c = b.getConnection();
                         Statement s = c.createStatement();
                         ResultSet r = s.executeQuery("SELECT n FROM counters WHERE id = 1")) {
                        r.next();
                        assertThat(r.getInt(1)).as("read %d", i).isEqualTo(i);
                    }
                }
            } finally {
                cluster.first.set("recovery_min_apply_delay", "0");
            }
            assertThat(b.stats().connections().get("replica-1")).isZero();
        }
    }

    @Test
    void aTransactionReportsOneTokenAtCommitAndNoneOnRollback() throws Exception {
        try (RoutingDataSource ds = build()) {
            List<CausalToken> tokens = new ArrayList<>();
            try (DataScope scope = DataScope.causal(null, tokens::add); Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO notes VALUES (10, 'a') ON CONFLICT (id) DO NOTHING");
                    s.executeUpdate("INSERT INTO notes VALUES (11, 'b') ON CONFLICT (id) DO NOTHING");
                }
                assertThat(tokens).isEmpty();
                c.commit();
                assertThat(tokens).hasSize(1);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM notes WHERE id = 10");
                }
                c.rollback();
                assertThat(tokens).hasSize(1);
            }
            try (Connection c = DriverManager.getConnection(cluster.primary.jdbcUrl());
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                r.next();
                assertThat(tokens.get(0)).isLessThanOrEqualTo(CausalToken.parse(r.getString(1)));
            }
        }
    }
}
