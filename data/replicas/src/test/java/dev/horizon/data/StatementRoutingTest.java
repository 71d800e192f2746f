package dev.horizon.data;

import static dev.horizon.data.Replication.awaitUp;
import static dev.horizon.data.Replication.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement is routed on every execution, not once when it is prepared, and a statement's replica leases never
 * pile up: on a real primary and two streaming replicas.
 */
final class StatementRoutingTest {

    private static final String PORT_PLUS = "SELECT current_setting('port')::int + ?";

    private static Replication cluster;
    private static RoutingDataSource selects;
    private static int primary;
    private static Set<Integer> replicas;

    @BeforeAll
    static void start() throws Exception {
        cluster = Replication.get();
        cluster.execute("CREATE TABLE IF NOT EXISTS routed_again (id INT PRIMARY KEY)");
        selects = RoutingDataSource.builder(cluster.primaryNode()).replica(cluster.firstNode())
            .replica(cluster.secondNode()).routePlainSelects(true).build();
        primary = cluster.primary.port();
        replicas = Set.of(cluster.first.port(), cluster.second.port());
        awaitUp(selects);
    }

    @AfterAll
    static void stop() {
        selects.close();
    }

    private static int run(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aPreparedReadMovesToThePrimaryOnceItsConnectionWrote() throws SQLException {
        try (Connection c = selects.getConnection(); PreparedStatement read = c.prepareStatement(PORT_PLUS)) {
            read.setInt(1, 0);
            assertThat(replicas).contains(run(read));
            try (Statement w = c.createStatement()) {
                w.executeUpdate("INSERT INTO routed_again VALUES (1) ON CONFLICT (id) DO NOTHING");
            }
            assertThat(run(read)).as("the parameter set before the move still holds").isEqualTo(primary);
            read.setInt(1, 1);
            assertThat(run(read)).isEqualTo(primary + 1);
        }
    }

    @Test
    void aPreparedReadMovesToThePrimaryWhenATransactionBeginsAndBackWhenItEnds() throws SQLException {
        try (Connection c = selects.getConnection(); PreparedStatement read = c.prepareStatement(PORT_PLUS)) {
            read.setInt(1, 0);
            assertThat(replicas).contains(run(read));
            c.setAutoCommit(false);
            assertThat(run(read)).isEqualTo(primary);
            c.commit();
            c.setAutoCommit(true);
            assertThat(replicas).contains(run(read));
        }
    }

    @Test
    void aPreparedReadMovesToTheReplicasWhenTheConnectionBecomesReadOnly() throws Exception {
        try (RoutingDataSource plain = RoutingDataSource.builder(cluster.primaryNode()).replica(cluster.firstNode())
                 .replica(cluster.secondNode()).build()) {
            awaitUp(plain);
            try (Connection c = plain.getConnection(); PreparedStatement read = c.prepareStatement(PORT_PLUS)) {
                read.setInt(1, 0);
                assertThat(run(read)).isEqualTo(primary);
                c.setReadOnly(true);
                assertThat(replicas).contains(run(read));
            }
        }
    }

    @Test
    void aPlainStatementKeepsItsSettingsWhenItMovesToThePrimary() throws SQLException {
        String portRows = "SELECT current_setting('port')::int FROM generate_series(1, 5)";
        try (Connection c = selects.getConnection(); Statement s = c.createStatement()) {
            s.setMaxRows(2);
            s.setFetchSize(7);
            assertThat(rows(s.executeQuery(portRows))).hasSize(2).allMatch(replicas::contains);
            try (Statement w = c.createStatement()) {
                w.executeUpdate("INSERT INTO routed_again VALUES (2) ON CONFLICT (id) DO NOTHING");
            }
            assertThat(rows(s.executeQuery(portRows))).containsExactly(primary, primary);
            assertThat(s.getMaxRows()).isEqualTo(2);
            assertThat(s.getFetchSize()).isEqualTo(7);
        }
    }

    @Test
    void aCallableStatementRunsOnThePrimaryAndReadsItsOutParameter() throws SQLException {
        try (Connection c = selects.getConnection();
             CallableStatement call = c.prepareCall("{? = call current_setting(?)}")) {
            call.registerOutParameter(1, Types.VARCHAR);
            call.setString(2, "port");
            call.execute();
            assertThat(call.getString(1)).isEqualTo(String.valueOf(primary));
            assertThat(port(c)).as("a call may write: the connection's later reads see it").isEqualTo(primary);
            assertThat(call.getConnection()).isSameAs(c);
        }
    }

    @Test
    void aClosedStatementRefusesWorkAndUnwrapsToItself() throws SQLException {
        try (Connection c = selects.getConnection()) {
            PreparedStatement read = c.prepareStatement(PORT_PLUS);
            assertThat(read.unwrap(PreparedStatement.class)).isSameAs(read);
            assertThat(read.isWrapperFor(Statement.class)).isTrue();
            read.close();
            assertThat(read.isClosed()).isTrue();
            assertThatThrownBy(() -> read.setInt(1, 0)).isInstanceOf(SQLException.class)
                .hasMessage("statement is closed");
            assertThatThrownBy(read::executeQuery).isInstanceOf(SQLException.class).hasMessage("statement is closed");
        }
    }

    private static List<Integer> rows(ResultSet r) throws SQLException {
        try (r) {
            List<Integer> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getInt(1));
            }
            return out;
        }
    }

    @Test
    void aPlainStatementReusedInAPerStatementTransactionHoldsOneReplicaLease() throws Exception {
        try (RoutingDataSource each = RoutingDataSource.builder(cluster.primaryNode())
                 .replica(cluster.firstNode().withPoolSize(1).withConnectTimeout(Duration.ofMillis(250)))
                 .replica(cluster.secondNode().withPoolSize(1).withConnectTimeout(Duration.ofMillis(250)))
                 .transactionReads(TransactionReads.PER_STATEMENT).build()) {
            awaitUp(each);
            List<Integer> ports = new ArrayList<>();
            try (Connection c = each.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    for (int i = 0; i < 6; i++) {
                        try (ResultSet r = s.executeQuery("SELECT current_setting('port')::int")) {
                            r.next();
                            ports.add(r.getInt(1));
                        }
                    }
                }
                for (int i = 0; i < 6; i++) {
                    ports.add(port(c));
                }
                c.commit();
            }
            assertThat(ports).hasSize(12).allMatch(replicas::contains);
            assertThat(each.stats().fallbacks()).isZero();
            assertThat(each.replicas()).extracting(ReplicaStatus::state).containsOnly(ReplicaStatus.State.UP);
        }
    }

    @Test
    void aReplicaWhosePoolIsBusyStaysUpAndTheReadFallsBack() throws Exception {
        try (RoutingDataSource one = RoutingDataSource.builder(cluster.primaryNode())
                 .replica(cluster.firstNode().withPoolSize(1).withConnectTimeout(Duration.ofMillis(250)))
                 .lagCheckInterval(Duration.ofSeconds(2)).build()) {
            awaitUp(one);
            try (Connection holder = one.getConnection()) {
                holder.setReadOnly(true);
                assertThat(port(holder)).isEqualTo(cluster.first.port());
                try (Connection c = one.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(port(c)).isEqualTo(primary);
                }
                assertThat(one.replicas().get(0).state()).as(one.replicas().toString())
                    .isEqualTo(ReplicaStatus.State.UP);
            }
            try (Connection c = one.getConnection()) {
                c.setReadOnly(true);
                assertThat(port(c)).isEqualTo(cluster.first.port());
            }
        }
    }
}
