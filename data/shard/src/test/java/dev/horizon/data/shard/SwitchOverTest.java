package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.data.shard.ReshardEvent.LockedWork;
import dev.horizon.data.shard.ReshardEvent.Step;
import dev.horizon.data.shard.ReshardEvent.StepStarted;
import dev.horizon.data.shard.ReshardEvent.SwitchAborted;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The switch's locked window: its work follows the writes logged since catch-up stopped, never the size of the
 * tables, and it never outlasts the maximum pause — an attempt that would aborts with nothing changed.
 */
final class SwitchOverTest {

    private static final ShardStrategy THREE = ShardStrategy.jumpHash(3);

    /** Work under the locks, as the listener heard it and as the databases saw it. */
    private record Locked(long statements, long rows, long rowsSeenByTheDatabases) {}

    /** Reshards {@code rows} accounts 3 → 4 with the same 12 writes logged just before the switch. */
    private static Locked reshardWithTwelveLateWrites(String prefix, long rows) throws Exception {
        CountingDataSource counter = new CountingDataSource();
        ShardFleet fleet = ShardFleet.create(prefix, 4, counter::wrap).fill(THREE, rows);
        ShardRouter router = ShardRouter.of(THREE, fleet.first(3));
        List<LockedWork> work = new CopyOnWriteArrayList<>();
        Resharder.of(router, fleet.get(3), ShardFleet.TABLES).maxPause(Duration.ofSeconds(5)).listener(event -> {
            if (event instanceof StepStarted s && s.step() == Step.SWITCH) {
                for (long id = 1; id <= 12; id++) {
                    fleet.setBalance(THREE, id, 7);
                }
            } else if (event instanceof LockedWork w) {
                work.add(w);
            }
        }).run();
        Map<Long, Long> balances = fleet.contents(ShardStrategy.jumpHash(4));
        assertThat(balances).hasSize((int) rows);
        for (long id = 1; id <= rows; id++) {
            assertThat(balances.get(id)).as("balance of %d", id).isEqualTo(id <= 12 ? 7 : 100);
        }
        return new Locked(work.stream().mapToLong(LockedWork::statements).sum(),
            work.stream().mapToLong(LockedWork::rows).sum(),
            CountingDataSource.rows(counter.window("LOCK TABLE", "PREPARE TRANSACTION")));
    }

    @Test
    void theLockedWindowDoesTheSameWorkForFiveTimesTheRows() throws Exception {
        Locked small = reshardWithTwelveLateWrites("sw_small_", 600);
        Locked large = reshardWithTwelveLateWrites("sw_large_", 3000);
        assertThat(large).isEqualTo(small);
        assertThat(small.rows()).as("rows touched under the locks for 12 logged writes").isLessThanOrEqualTo(60);
        assertThat(small.rowsSeenByTheDatabases()).isLessThanOrEqualTo(60);
    }

    @Test
    void anAttemptOverTheMaximumPauseAbortsAndTheOldLayoutKeepsServingEveryWrite() throws Exception {
        ShardFleet fleet = ShardFleet.create("sw_abort_", 4).fill(THREE, 600);
        ShardRouter router = ShardRouter.of(THREE, fleet.first(3));
        AtomicLong nanos = new AtomicLong();
        List<ReshardEvent> events = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Resharder.of(router, fleet.get(3), ShardFleet.TABLES).clock(nanos::get)
            .maxPause(Duration.ofSeconds(2)).switchAttempts(1).listener(events::add).listener(event -> {
                if (event instanceof StepStarted s && s.step() == Step.SWITCH) {
                    for (long id = 1; id <= 12; id++) {
                        fleet.setBalance(THREE, id, 7);
                    }
                } else if (event instanceof LockedWork w && w.what().equals("apply")) {
                    nanos.addAndGet(Duration.ofMillis(2001).toNanos());
                }
            }).run()).isInstanceOf(SQLException.class)
            .hasMessage("the switch did not fit in the maximum pause in 1 attempt(s), and the old layout kept serving:"
                + " the switch did not fit in the maximum pause of 2000 ms (applying shard 1's logged writes was next"
                + " after 2001 ms)");
        assertThat(events).filteredOn(e -> e instanceof SwitchAborted).hasSize(1);
        assertThat(events).noneMatch(e -> e instanceof ReshardEvent.Switched);
        assertThat(router.strategy()).isEqualTo(THREE);
        Map<Long, Long> balances = fleet.contents(THREE);
        assertThat(balances).hasSize(600);
        assertThat(balances.get(12L)).isEqualTo(7);
        assertThat(balances.get(13L)).isEqualTo(100);
        assertThat(fleet.count(3)).isZero();
        fleet.assertClean(4);
        for (int i = 0; i < 3; i++) {
            try (Connection c = fleet.get(i).getConnection(); Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '1s'");
                assertThat(s.executeUpdate("UPDATE accounts SET note = 'unlocked'")).isPositive();
            }
        }
        ShardFleet.write(router, 9000, 1, false);
        assertThat(router.forKey(ShardFleet.owner(9000))).isSameAs(fleet.get(THREE.shardOf(ShardFleet.owner(9000))));
    }

    @Test
    void anAttemptThatCannotPauseTheRoutersTransactionsIsRetriedAfterAnotherCatchUp() throws Exception {
        ShardFleet fleet = ShardFleet.create("sw_retry_", 4).fill(THREE, 600);
        ShardRouter router = ShardRouter.of(THREE, fleet.first(3));
        List<String> progress = new CopyOnWriteArrayList<>();
        ShardedTransaction[] open = new ShardedTransaction[1];
        Resharder.Report report = Resharder.of(router, fleet.get(3), ShardFleet.TABLES)
            .maxPause(Duration.ofSeconds(1)).progress(progress::add).listener(event -> {
                if (event instanceof StepStarted s && s.step() == Step.SWITCH) {
                    @Nullable ShardedTransaction tx = open[0];
                    if (tx == null) {
                        open[0] = router.begin();
                    } else {
                        tx.close();
                    }
                }
            }).run();
        assertThat(report.strategy()).hasToString("jump-hash(4)");
        assertThat(progress).contains("switch: attempt 1 aborted, the old layout keeps serving: the router's open "
            + "transactions did not finish within the maximum pause of 1000 ms");
        assertThat(progress).filteredOn(l -> l.startsWith("switch: pausing writes")).containsExactly(
            "switch: pausing writes (at most 1000 ms), attempt 1 of 3",
            "switch: pausing writes (at most 1000 ms), attempt 2 of 3");
        assertThat(fleet.contents(ShardStrategy.jumpHash(4))).hasSize(600);
        fleet.assertClean(4);
    }
}
