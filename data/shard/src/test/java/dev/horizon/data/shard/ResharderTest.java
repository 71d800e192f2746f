package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.balance.HashKey;
import dev.horizon.data.shard.ReshardEvent.Step;
import dev.horizon.data.shard.ReshardEvent.StepStarted;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Online resharding from three shards to four on real PostgreSQL databases, under a write load. */
final class ResharderTest {

    private static final List<Resharder.Table> TABLES = ShardFleet.TABLES;

    @Test
    void reshardingUnderAWriteLoadLosesNothing() throws Exception {
        ShardFleet fleet = ShardFleet.create("rs_ok_", 4).fill(ShardStrategy.jumpHash(3), 3000);
        ShardRouter router = ShardRouter.of(ShardStrategy.jumpHash(3), fleet.first(3));
        List<String> progress = new CopyOnWriteArrayList<>();
        Resharder.Report report;
        WriteLoad load = new WriteLoad(List.of(router, router, router), 3000);
        try (load) {
            load.awaitMore(100);
            report = Resharder.of(router, fleet.get(3), TABLES).maxPause(Duration.ofSeconds(5))
                .progress(progress::add).run();
            load.awaitMore(100);
        }
        assertThat(load.failures()).isEmpty();
        assertThat(report.strategy()).hasToString("jump-hash(4)");
        assertThat(router.strategy()).isSameAs(report.strategy());
        assertThat(report.moved().get("accounts")).isBetween(500L, 1100L);
        assertThat(report.pause()).isLessThan(Duration.ofSeconds(5));
        assertThat(report.epoch()).isZero();
        assertThat(fleet.contents(report.strategy())).isEqualTo(load.expected());
        assertThat(progress).anyMatch(l -> l.startsWith("copy: accounts: "))
            .anyMatch(l -> l.equals("verify: accounts: counts and checksums match"))
            .anyMatch(l -> l.startsWith("switch: done in "))
            .anyMatch(l -> l.startsWith("cleanup: accounts on shard 0: "));
        fleet.assertClean(4);
    }

    @Test
    void aFailureMidwayRollsBackToExactlyTheOldShards() throws Exception {
        ShardFleet fleet = ShardFleet.create("rs_fail_", 4).fill(ShardStrategy.hashMod(3), 3000);
        ShardRouter router = ShardRouter.of(ShardStrategy.hashMod(3), fleet.first(3));
        Map<Long, Long> before = fleet.contents(ShardStrategy.hashMod(3));
        List<String> progress = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Resharder.of(router, fleet.get(3), TABLES).progress(progress::add)
            .listener(failAt(Step.CATCH_UP)).run()).isInstanceOf(SQLException.class)
            .hasMessage("forced failure at CATCH_UP");
        assertThat(router.strategy()).hasToString("hash-mod(3)");
        assertThat(fleet.contents(ShardStrategy.hashMod(3))).isEqualTo(before);
        assertThat(fleet.count(3)).isZero();
        assertThat(progress).contains("failed: forced failure at CATCH_UP; rolling back",
            "rolled back: the old shards are as they were");
        fleet.assertClean(4);
        ShardFleet.write(router, 5000, 1, false);
    }

    @Test
    void aCopyThatDiffersFailsTheVerificationBeforeAnyLockAndRollsBack() throws Exception {
        ShardFleet fleet = ShardFleet.create("rs_bad_", 4).fill(ShardStrategy.jumpHash(3), 600);
        ShardRouter router = ShardRouter.of(ShardStrategy.jumpHash(3), fleet.first(3));
        Map<Long, Long> before = fleet.contents(ShardStrategy.jumpHash(3));
        List<ReshardEvent> events = new CopyOnWriteArrayList<>();
        ReshardListener corrupt = event -> {
            if (event instanceof StepStarted s && s.step() == Step.VERIFY) {
                try (Connection c = fleet.get(3).getConnection(); Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE accounts SET note = 'changed behind its back'"
                        + " WHERE id = (SELECT min(id) FROM accounts)");
                }
            }
        };
        long changed = 1;
        while (ShardStrategy.jumpHash(4).shardOf(ShardFleet.owner(changed)) != 3) {
            changed++;
        }
        int from = ShardStrategy.jumpHash(3).shardOf(ShardFleet.owner(changed));
        long range = HashKey.of(Long.toString(changed)) >>> 58;
        long inRange = LongStream.rangeClosed(1, 600)
            .filter(id -> ShardStrategy.jumpHash(4).shardOf(ShardFleet.owner(id)) == 3)
            .filter(id -> ShardStrategy.jumpHash(3).shardOf(ShardFleet.owner(id)) == from)
            .filter(id -> HashKey.of(Long.toString(id)) >>> 58 == range).count();
        assertThatThrownBy(() -> Resharder.of(router, fleet.get(3), TABLES).listener(events::add).listener(corrupt)
            .run()).isInstanceOf(SQLException.class)
            .hasMessage("verification failed for accounts, shard " + from + " -> 3, key range " + range + " of 64: "
                + inRange + " row(s) to move, " + inRange + " arrived with a different checksum");
        assertThat(events).noneMatch(e -> e instanceof ReshardEvent.Locked);
        assertThat(router.strategy()).hasToString("jump-hash(3)");
        assertThat(fleet.contents(ShardStrategy.jumpHash(3))).isEqualTo(before);
        assertThat(fleet.count(3)).isZero();
        fleet.assertClean(4);
    }

    @Test
    void refusesANewShardThatIsNotEmptyAndLeavesItsRowsAlone() throws Exception {
        ShardFleet fleet = ShardFleet.create("rs_full_", 4).fill(ShardStrategy.ring(3), 300);
        ShardRouter router = ShardRouter.of(ShardStrategy.ring(3), fleet.first(3));
        try (Connection c = fleet.get(3).getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO accounts VALUES (1, 1, 1, 'x')");
        }
        assertThatThrownBy(() -> Resharder.of(router, fleet.get(3), TABLES).run())
            .hasMessage("the new shard's table accounts has 1 row(s) (expected: empty)");
        assertThat(router.strategy()).hasToString("ring(3)");
        assertThat(fleet.count(3)).as("the row someone else put there").isOne();
        fleet.assertClean(3);
    }

    /** A listener that fails the resharding when {@code step} starts. */
    static ReshardListener failAt(Step step) {
        return event -> {
            if (event instanceof StepStarted s && s.step() == step) {
                throw new SQLException("forced failure at " + step);
            }
        };
    }
}
