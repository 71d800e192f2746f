package dev.horizon.localdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The throw-away PostgreSQL builds a primary with two streaming replicas that replay its writes. */
final class LocalPostgresTest {

    @Test
    void replicasReplayThePrimarysWritesAndRefuseTheirOwn() throws Exception {
        try (LocalPostgres primary = LocalPostgres.primary();
             LocalPostgres first = primary.replica();
             LocalPostgres second = primary.replica()) {
            try (Connection c = DriverManager.getConnection(primary.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (n INT)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            for (LocalPostgres replica : new LocalPostgres[] {first, second}) {
                assertThat(awaitRow(replica)).isEqualTo(42);
                try (Connection c = DriverManager.getConnection(replica.jdbcUrl()); Statement s = c.createStatement()) {
                    try (ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
                        r.next();
                        assertThat(r.getBoolean(1)).isTrue();
                    }
                    assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (1)")).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
                }
            }
        }
    }

    private static int awaitRow(LocalPostgres replica) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Connection c = DriverManager.getConnection(replica.jdbcUrl()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT n FROM t")) {
                if (r.next()) {
                    return r.getInt(1);
                }
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the row did not reach the replica within 15 s");
            }
            Thread.sleep(50);
        }
    }
}
