package dev.horizon.data;

import static dev.horizon.data.Replication.await;
import static dev.horizon.data.Replication.awaitUp;
import static dev.horizon.data.Replication.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pooled connection a routing connection takes goes back to its pool, whatever fails: pools of one connection
 * make a leak visible as the next read falling back to the primary (or timing out on it).
 */
final class LeaseLeakTest {

    private static final Duration SHORT = Duration.ofMillis(250);

    private static Replication cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = Replication.get();
        cluster.execute("CREATE TABLE IF NOT EXISTS leaks (id INT PRIMARY KEY)");
    }

    private static RoutingDataSource.Builder ofOne() {
        return RoutingDataSource.builder(cluster.primaryNode().withPoolSize(1).withConnectTimeout(SHORT))
            .replica(cluster.firstNode().withPoolSize(1).withConnectTimeout(SHORT));
    }

    /** A read-only connection's read runs on replica-1, not on the primary as a fallback. */
    private static void assertReplicaServes(RoutingDataSource ds) throws SQLException {
        long before = ds.stats().fallbacks();
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            assertThat(port(c)).isEqualTo(cluster.first.port());
        }
        assertThat(ds.stats().fallbacks()).isEqualTo(before);
    }

    @Test
    void abortGivesEveryLeaseBack() throws Exception {
        try (RoutingDataSource ds = ofOne().build()) {
            awaitUp(ds);
            Connection c = ds.getConnection();
            c.setReadOnly(true);
            assertThat(port(c)).isEqualTo(cluster.first.port());
            try (DataScope primary = DataScope.primary(); Connection p = ds.getConnection()) {
                assertThat(port(p)).isEqualTo(cluster.primary.port());
                p.abort(Runnable::run);
                assertThat(p.isClosed()).isTrue();
            }
            c.abort(Runnable::run);
            assertThat(c.isClosed()).isTrue();
            assertReplicaServes(ds);
            try (Connection p = ds.getConnection()) {
                assertThat(port(p)).isEqualTo(cluster.primary.port());
            }
        }
    }

    @Test
    void aClosedConnectionTakesNoNewPrimaryConnection() throws Exception {
        try (RoutingDataSource ds = ofOne().build()) {
            Connection c = ds.getConnection();
            c.close();
            assertThatThrownBy(c::getMetaData).isInstanceOf(SQLException.class).hasMessage("connection is closed");
            assertThatThrownBy(() -> c.setSavepoint()).isInstanceOf(SQLException.class)
                .hasMessage("connection is closed");
            try (Connection p = ds.getConnection()) {
                assertThat(port(p)).as("the primary's one pooled connection is free")
                    .isEqualTo(cluster.primary.port());
            }
        }
    }

    @Test
    void aSettingThatFailsOnAPerStatementLeaseGivesTheLeaseBack() throws Exception {
        try (RoutingDataSource ds = ofOne().transactionReads(TransactionReads.PER_STATEMENT).build()) {
            awaitUp(ds);
            try (Connection c = ds.getConnection()) {
                c.setHoldability(99);
                c.setAutoCommit(false);
                assertThatThrownBy(() -> port(c)).isInstanceOf(SQLException.class).hasMessageContaining("holdability");
            }
            assertReplicaServes(ds);
        }
    }

    @Test
    void aCausalWaitWhosePollFailsGivesItsConnectionBackAndReadsThePrimary() throws Exception {
        try (RoutingDataSource ds = ofOne().causalWait(Duration.ofSeconds(30)).build()) {
            awaitUp(ds);
            AtomicReference<@Nullable CausalToken> token = new AtomicReference<>();
            ExecutorService reader = Executors.newSingleThreadExecutor();
            onReplica("SELECT pg_wal_replay_pause()::text");
            try {
                await(Duration.ofSeconds(10), "replay is paused",
                    () -> "paused".equals(quietly("SELECT pg_get_wal_replay_pause_state()")));
                try (DataScope scope = DataScope.causal(null, token::set); Connection c = ds.getConnection();
                     Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO leaks VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 1");
                }
                CausalToken after = token.get();
                assertThat(after).isNotNull();
                Future<Integer> read = reader.submit(() -> {
                    try (DataScope scope = DataScope.causal(after, t -> { }); Connection c = ds.getConnection()) {
                        c.setReadOnly(true);
                        return port(c);
                    }
                });
                String poller = "SELECT pid FROM pg_stat_activity "
                    + "WHERE query = 'SELECT pg_last_wal_replay_lsn()::text'";
                await(Duration.ofSeconds(10), "the causal read polls the replica",
                    () -> !"null".equals(quietly(poller)));
                onReplica("SELECT pg_terminate_backend(pid)::text FROM (" + poller + ") p");
                assertThat(read.get()).isEqualTo(cluster.primary.port());
            } finally {
                onReplica("SELECT pg_wal_replay_resume()::text");
                reader.shutdown();
            }
            await(Duration.ofSeconds(15), "replica-1 is back: " + ds.replicas(),
                () -> ds.replicas().get(0).state() == ReplicaStatus.State.UP);
            assertReplicaServes(ds);
        }
    }

    private static String onReplica(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.first.jdbcUrl()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            return r.next() ? String.valueOf(r.getString(1)) : "null";
        }
    }

    private static String quietly(String sql) {
        try {
            return onReplica(sql);
        } catch (SQLException e) {
            return "null";
        }
    }
}
