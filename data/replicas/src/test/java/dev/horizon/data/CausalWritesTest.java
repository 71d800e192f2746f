package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every committed write inside a causal scope reports a token, whatever the connection does next. */
final class CausalWritesTest {

    private static Replication cluster;
    private static RoutingDataSource ds;

    @BeforeAll
    static void start() throws Exception {
        cluster = Replication.get();
        cluster.execute("CREATE TABLE IF NOT EXISTS visits (n INT)",
            "CREATE OR REPLACE FUNCTION count_visit() RETURNS int LANGUAGE sql VOLATILE AS "
                + "'INSERT INTO visits VALUES (1) RETURNING n'");
        ds = RoutingDataSource.builder(cluster.primaryNode()).replica(cluster.firstNode()).build();
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void anAutoCommitWriteReportsItsTokenEvenWhenALaterTransactionRollsBack() throws Exception {
        List<CausalToken> tokens = new ArrayList<>();
        try (DataScope scope = DataScope.causal(null, tokens::add); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO visits VALUES (2)");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO visits VALUES (3)");
            }
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(tokens).hasSize(1);
    }

    @Test
    void aWritingFunctionCalledThroughSelectInsideAPrimaryScopeReportsItsToken() throws Exception {
        List<CausalToken> tokens = new ArrayList<>();
        try (DataScope scope = DataScope.causal(null, tokens::add); DataScope primary = DataScope.primary();
             Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT count_visit()");
             ResultSet r = s.executeQuery()) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
        }
        assertThat(tokens).hasSize(1);
    }
}
