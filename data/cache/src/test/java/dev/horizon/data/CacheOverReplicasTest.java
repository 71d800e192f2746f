package dev.horizon.data;

import static dev.horizon.data.Replication.await;
import static dev.horizon.data.Replication.awaitUp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.cache.CacheAside;
import dev.horizon.data.cache.CacheLoadException;
import dev.horizon.data.cache.ValueCodec;
import dev.horizon.testing.RedisServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache-aside over a routing data source whose replica lags: an invalidation is not undone by a load that reads the
 * replica before it replayed the write. Real redis-server, real primary and streaming replica (replay paused).
 */
final class CacheOverReplicasTest {

    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static Replication cluster;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer(dir);
        cluster = Replication.get();
        cluster.execute("CREATE TABLE IF NOT EXISTS prices (sku TEXT PRIMARY KEY, cents INT)",
            "INSERT INTO prices VALUES ('k1', 100) ON CONFLICT (sku) DO UPDATE SET cents = 100");
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static @Nullable Integer price(RoutingDataSource db, String sku) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT cents FROM prices WHERE sku = ?")) {
            s.setString(1, sku);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : null;
            }
        } catch (SQLException e) {
            throw new CacheLoadException("price of " + sku + ": " + e, e);
        }
    }

    private static String onReplica(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.first.jdbcUrl()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return String.valueOf(r.getString(1));
        }
    }

    private CacheAside<Integer> cache() {
        return CacheAside.builder("prices", "redis://127.0.0.1:" + redis.port(), ValueCodec.json(Integer.class))
            .earlyRefreshBeta(0).build();
    }

    @Test
    void aLoadThatWouldReadALaggingReplicaAfterAnInvalidationReturnsAndStoresNothingStale() throws Exception {
        try (RoutingDataSource db = RoutingDataSource.builder(cluster.primaryNode()).replica(cluster.firstNode())
                 .routePlainSelects(true).maxLag(Duration.ofMinutes(1)).maxLagBytes(1L << 30).build();
             CacheAside<Integer> prices = cache(); CacheAside<Integer> elsewhere = cache()) {
            awaitUp(db);
            await(Duration.ofSeconds(10), "the replica has the first price",
                () -> "100".equals(unchecked(() -> onReplica("SELECT cents FROM prices WHERE sku = 'k1'"))));
            assertThat(prices.get("k1", k -> price(db, k))).isEqualTo(100);
            onReplica("SELECT pg_wal_replay_pause()::text");
            try {
                await(Duration.ofSeconds(10), "replay is paused",
                    () -> "paused".equals(unchecked(() -> onReplica("SELECT pg_get_wal_replay_pause_state()"))));
                cluster.execute("UPDATE prices SET cents = 200 WHERE sku = 'k1'");
                prices.invalidate("k1");
                assertThat(db.replicas().get(0).state()).isEqualTo(ReplicaStatus.State.UP);
                assertThat(prices.get("k1", k -> price(db, k))).isEqualTo(200);
                assertThat(elsewhere.get("k1", k -> -1)).as("nothing is in Redis").isEqualTo(-1);
            } finally {
                onReplica("SELECT pg_wal_replay_resume()::text");
            }
            await(Duration.ofSeconds(10), "the replica has the new price",
                () -> "200".equals(unchecked(() -> onReplica("SELECT cents FROM prices WHERE sku = 'k1'"))));
            try (CacheAside<Integer> fresh = cache()) {
                await(Duration.ofSeconds(10), "a load after the hold is cached again", () -> {
                    prices.get("k1", k -> price(db, k));
                    return Integer.valueOf(200).equals(cached(fresh));
                });
            }
        }
    }

    /** What the shared cache holds for k1, or null; looking never stores anything (the loader fails). */
    private static @Nullable Integer cached(CacheAside<Integer> cache) {
        try {
            return cache.get("k1", k -> {
                throw new CacheLoadException("not cached", new IllegalStateException("look only"));
            });
        } catch (CacheLoadException notCached) {
            return null;
        }
    }

    /** A query that may fail, for a wait condition; a failure reads as "not yet". */
    private static @Nullable String unchecked(SqlCall call) {
        try {
            return call.run();
        } catch (SQLException e) {
            return null;
        }
    }

    /** A query for {@link #unchecked}. */
    @FunctionalInterface
    private interface SqlCall {
        String run() throws SQLException;
    }
}
