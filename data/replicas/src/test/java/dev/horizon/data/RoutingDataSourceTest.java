package dev.horizon.data;

import static dev.horizon.data.Replication.awaitUp;
import static dev.horizon.data.Replication.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where each kind of work goes, on a real primary and two streaming replicas. */
final class RoutingDataSourceTest {

    private static Replication cluster;
    private static RoutingDataSource plain;
    private static RoutingDataSource selects;
    private static int primary;
    private static Set<Integer> replicas;

    @BeforeAll
    static void start() throws Exception {
        cluster = Replication.get();
        cluster.execute("CREATE TABLE IF NOT EXISTS routed (id INT PRIMARY KEY, v TEXT)",
            "CREATE SEQUENCE IF NOT EXISTS routed_ids", "INSERT INTO routed VALUES (1, 'one') ON CONFLICT DO NOTHING");
        plain = build(TransactionReads.PRIMARY, false);
        selects = build(TransactionReads.PRIMARY, true);
        primary = cluster.primary.port();
        replicas = Set.of(cluster.first.port(), cluster.second.port());
        awaitUp(plain);
        awaitUp(selects);
    }

    private static RoutingDataSource build(TransactionReads reads, boolean routeSelects) {
        return RoutingDataSource.builder(cluster.primaryNode()).replica(cluster.firstNode())
            .replica(cluster.secondNode()).transactionReads(reads).routePlainSelects(routeSelects).build();
    }

    @AfterAll
    static void stop() {
        plain.close();
        selects.close();
    }

    @Test
    void everythingGoesToThePrimaryWithoutAHint() throws SQLException {
        try (Connection c = plain.getConnection()) {
            assertThat(port(c)).isEqualTo(primary);
            try (PreparedStatement s = c.prepareStatement("SELECT current_setting('port')::int");
                 ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(primary);
            }
        }
    }

    @Test
    void readOnlyConnectionsTakeTurnsOnTheReplicas() throws SQLException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (Connection c = plain.getConnection()) {
                c.setReadOnly(true);
                ports.add(port(c));
            }
        }
        assertThat(new HashSet<>(ports)).isEqualTo(replicas);
        assertThat(ports.get(0)).isNotEqualTo(ports.get(1));
        assertThat(ports.get(2)).isEqualTo(ports.get(0));
        assertThat(ports.get(3)).isEqualTo(ports.get(1));
    }

    @Test
    void aReadOnlyTransactionRunsOnOneReplicaAndRefusesWrites() throws SQLException {
        try (Connection c = plain.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            int first = port(c);
            assertThat(replicas).contains(first);
            assertThat(port(c)).isEqualTo(first);
            assertThatThrownBy(() -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO routed VALUES (-1, 'x')");
                }
            }).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            c.rollback();
        }
    }

    @Test
    void scopesRouteAndAreGoneWhenClosed() throws SQLException {
        try (DataScope ignored = DataScope.readOnly()) {
            try (Connection c = plain.getConnection()) {
                assertThat(replicas).contains(port(c));
            }
            try (DataScope inner = DataScope.primary(); Connection c = plain.getConnection()) {
                assertThat(port(c)).isEqualTo(primary);
            }
            try (Connection c = plain.getConnection()) {
                assertThat(replicas).contains(port(c));
            }
        }
        try (Connection c = plain.getConnection()) {
            assertThat(port(c)).isEqualTo(primary);
        }
    }

    @Test
    void anOuterScopeClearsAnInnerScopeLeftOpenSoNoHintReachesThePooledThreadsNextTask() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            int leaked = one.submit(() -> {
                try (DataScope request = DataScope.primary()) {
                    DataScope.readOnly();
                    try (Connection c = plain.getConnection()) {
                        return port(c);
                    }
                }
            }).get();
            assertThat(replicas).contains(leaked);
            int next = one.submit(() -> {
                try (Connection c = plain.getConnection()) {
                    c.setReadOnly(false);
                    return port(c);
                }
            }).get();
            assertThat(next).isEqualTo(primary);
            assertThat(one.submit(() -> DataScope.current()).get()).isSameAs(DataScope.Hints.NONE);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void plainSelectsGoToReplicasWhenEnabledAndEverythingElseToThePrimary() throws SQLException {
        assertThat(replicas).contains(portOf(selects, "SELECT current_setting('port')::int"));
        assertThat(replicas).contains(portOf(selects, "  /* hi */ (SELECT current_setting('port')::int)"));
        assertThat(portOf(selects, "SELECT current_setting('port')::int FROM routed WHERE id = 1 FOR UPDATE"))
            .isEqualTo(primary);
        assertThat(portOf(selects, "SELECT current_setting('port')::int, nextval('routed_ids')"))
            .isEqualTo(primary);
        assertThat(portOf(selects, "WITH gone AS (DELETE FROM routed WHERE id = -5 RETURNING id) "
            + "SELECT current_setting('port')::int")).isEqualTo(primary);
        assertThat(portOf(selects, "SELECT current_setting('port')::int FROM routed WHERE id = 1 FOR KEY SHARE"))
            .isEqualTo(primary);
    }

    @Test
    void afterAWriteTheConnectionsReadsStayOnThePrimary() throws SQLException {
        try (Connection c = selects.getConnection()) {
            assertThat(replicas).contains(port(c));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO routed VALUES (1000, 'w') ON CONFLICT (id) DO NOTHING");
            }
            assertThat(port(c)).isEqualTo(primary);
        }
    }

    @Test
    void transactionReadsFollowTheConfiguredStrategy() throws Exception {
        try (RoutingDataSource fixed = build(TransactionReads.FIXED_REPLICA, false);
             RoutingDataSource each = build(TransactionReads.PER_STATEMENT, false)) {
            awaitUp(fixed);
            awaitUp(each);
            try (Connection c = plain.getConnection()) {
                c.setAutoCommit(false);
                assertThat(port(c)).isEqualTo(primary);
                c.commit();
            }
            try (Connection c = fixed.getConnection()) {
                c.setAutoCommit(false);
                int first = port(c);
                assertThat(replicas).contains(first);
                assertThat(List.of(port(c), port(c))).containsOnly(first);
                c.commit();
            }
            try (Connection c = each.getConnection()) {
                c.setAutoCommit(false);
                assertThat(new HashSet<>(List.of(port(c), port(c)))).isEqualTo(replicas);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO routed VALUES (2000, 'tx') ON CONFLICT (id) DO NOTHING");
                }
                assertThat(port(c)).isEqualTo(primary);
                c.commit();
            }
        }
    }

    /** The port that runs {@code sql} through a prepared statement (its first column; 0 for no row). */
    private static int portOf(RoutingDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
