package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.DataNode;
import dev.horizon.data.Replication;
import dev.horizon.data.RoutingDataSource;
import dev.horizon.data.TransactionReads;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Resharding shards that are routing data sources, whose replica lags (replay paused): the Resharder reads and writes
 * the primaries only, so rows the replica has not replayed are moved too.
 */
final class ResharderOverReplicasTest {

    private static final int ROWS = 300;

    @Test
    void rowsAReplicaHasNotReplayedAreMovedToo() throws Exception {
        Replication cluster = Replication.get();
        List<DataSource> plain = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DataSource ds = cluster.database("lagshard" + i);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner BIGINT NOT NULL)");
            }
            plain.add(ds);
        }
        for (int i = 0; i < 3; i++) {
            String url = cluster.firstReplicaUrl("lagshard" + i);
            Replication.await(Duration.ofSeconds(10), "the replica has lagshard" + i, () -> hasTable(url));
        }
        ShardStrategy from = ShardStrategy.hashMod(2);
        List<RoutingDataSource> routed = new ArrayList<>();
        cluster.replayOnFirst(false);
        try {
            for (int i = 0; i < 2; i++) {
                try (Connection c = plain.get(i).getConnection();
                     PreparedStatement p = c.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
                    for (long id = 1; id <= ROWS; id++) {
                        if (from.shardOf(id) == i) {
                            p.setLong(1, id);
                            p.setLong(2, id);
                            p.addBatch();
                        }
                    }
                    p.executeBatch();
                }
                RoutingDataSource ds = RoutingDataSource.builder(
                        DataNode.of("lagshard" + i, cluster.primaryUrl("lagshard" + i)).withPoolSize(4))
                    .replica(DataNode.of("lagshard" + i + "-replica", cluster.firstReplicaUrl("lagshard" + i)))
                    .transactionReads(TransactionReads.FIXED_REPLICA).maxLag(Duration.ofMinutes(1))
                    .maxLagBytes(1L << 30).build();
                routed.add(ds);
                Replication.awaitUp(ds);
            }
            ShardRouter router = ShardRouter.of(from, List.of(routed.get(0), routed.get(1)));
            Resharder.of(router, plain.get(2), List.of(new Resharder.Table("accounts", "owner", "id")))
                .maxPause(Duration.ofSeconds(5)).run();
            ShardStrategy to = router.strategy();
            long placed = 0;
            for (int i = 0; i < 3; i++) {
                try (Connection c = plain.get(i).getConnection(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT owner FROM accounts")) {
                    while (r.next()) {
                        assertThat(to.shardOf(r.getLong(1))).as("row of owner %d", r.getLong(1)).isEqualTo(i);
                        placed++;
                    }
                }
            }
            assertThat(placed).isEqualTo(ROWS);
        } finally {
            cluster.replayOnFirst(true);
            routed.forEach(RoutingDataSource::close);
        }
    }

    private static boolean hasTable(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT to_regclass('accounts') IS NOT NULL")) {
            return r.next() && r.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }
}
