package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.data.shard.ReshardEvent.Step;
import dev.horizon.data.shard.ReshardEvent.StepStarted;
import dev.horizon.data.shard.ScatterQuery.Direction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Scatter queries that declare their shard key see each row once, from the shard that owns it under the router's
 * strategy — while a resharding has copies of the moving rows on two shards, and when a shard's first rows in the
 * sort order are all rows it does not own.
 */
final class ScatterQueryTest {

    private static List<Long> ids(ShardRouter router, long offset, int limit) throws SQLException {
        return router.scatter(ScatterQuery.of("SELECT id, owner, balance FROM accounts WHERE id <= ?", 100_000)
            .shardKey("owner").orderBy("balance", Direction.ASC).orderBy("id", Direction.ASC).page(offset, limit),
            r -> r.getLong("id"));
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void aScatterDuringCopyCatchUpVerifyAndCleanupSeesEveryRowOnce() throws Exception {
        ShardStrategy three = ShardStrategy.hashMod(3);
        ShardFleet fleet = ShardFleet.create("sq_reshard_", 4).fill(three, 300);
        ShardRouter router = ShardRouter.of(three, fleet.first(3));
        List<String> seen = new CopyOnWriteArrayList<>();
        Resharder.of(router, fleet.get(3), ShardFleet.TABLES).maxPause(Duration.ofSeconds(5)).listener(event -> {
            if (event instanceof StepStarted s && s.step() != Step.CAPTURE && s.step() != Step.COPY
                || event instanceof ReshardEvent.TableCopied) {
                assertThat(ids(router, 0, 1000)).as("during %s", event).isEqualTo(range(1, 300));
                assertThat(ids(router, 100, 50)).as("during %s", event).isEqualTo(range(101, 150));
                assertThatThrownBy(() -> router.scatter(ScatterQuery.of("SELECT id FROM accounts")
                    .orderBy("id", Direction.ASC), r -> r.getLong(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("this router is resharding, so the moving rows are on two shards: declare the query's "
                        + "shard key column with ScatterQuery.shardKey(column) to see each row once");
                seen.add(event instanceof StepStarted s ? s.step().name() : "COPIED");
            }
        }).run();
        assertThat(seen).containsExactly("COPIED", "CATCH_UP", "VERIFY", "CATCH_UP", "SWITCH", "CLEANUP");
        assertThat(ids(router, 0, 1000)).isEqualTo(range(1, 300));
        assertThat(router.scatter(ScatterQuery.of("SELECT id FROM accounts").orderBy("id", Direction.ASC)
            .page(0, 1000), r -> r.getLong(1))).as("without a shard key, after the cleanup").isEqualTo(range(1, 300));
    }

    @Test
    void aShardWhoseFirstRowsAreNotItsOwnIsReadOnUntilThePageIsExact() throws Exception {
        ShardStrategy three = ShardStrategy.hashMod(3);
        ShardFleet fleet = ShardFleet.create("sq_windows_", 3).fill(three, 900);
        try (Connection c = fleet.get(0).getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, 0, 'stale copy')")) {
            for (long id = 1; id <= 900; id++) {
                if (three.shardOf(ShardFleet.owner(id)) != 0) {
                    p.setLong(1, id);
                    p.setLong(2, ShardFleet.owner(id));
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
        ShardRouter router = ShardRouter.of(three, fleet.first(3));
        for (long offset : new long[] {0, 1, 37, 250, 600, 880, 900}) {
            List<Long> expected = new ArrayList<>(range(offset + 1, Math.min(900, offset + 25)));
            assertThat(ids(router, offset, 25)).as("offset %d", offset).isEqualTo(expected);
        }
        assertThat(ids(router, 0, 900)).isEqualTo(range(1, 900));
    }
}
