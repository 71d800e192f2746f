package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.data.Replication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two routers — two processes — share a topology through a {@link TopologyStore} on real databases: when one
 * reshards, the other's next write is refused by the shard's epoch, the router reloads, and the retry lands on the
 * right shard; a write the other had in flight is waited for and moved, never lost.
 */
final class TopologyStoreTest {

    private static final ShardStrategy THREE = ShardStrategy.jumpHash(3);
    private static final ShardStrategy FOUR = ShardStrategy.jumpHash(4);

    /** Four databases named s0..s3, the topology recorded in s0 as epoch 1 over the first three. */
    private record Shared(ShardFleet fleet, Map<String, DataSource> names, TopologyStore store) {}

    private static Shared shared(String prefix) throws Exception {
        ShardFleet fleet = ShardFleet.create(prefix, 4).fill(THREE, 300);
        Map<String, DataSource> names = Map.of("s0", fleet.get(0), "s1", fleet.get(1), "s2", fleet.get(2),
            "s3", fleet.get(3));
        TopologyStore store = TopologyStore.of(fleet.get(0), "accounts");
        assertThat(store.initialize(THREE, List.of("s0", "s1", "s2"), names::get))
            .isEqualTo(new ShardLayout(1, THREE, List.of("s0", "s1", "s2")));
        return new Shared(fleet, names, store);
    }

    /** The first account id at or after {@code from} that moves from an old shard to the new one. */
    private static long movingId(long from) {
        long id = from;
        while (FOUR.shardOf(ShardFleet.owner(id)) != 3) {
            id++;
        }
        return id;
    }

    @Test
    void aStaleRoutersNextWriteIsRefusedThenReloadedAndItsRetryLandsOnTheRightShard() throws Exception {
        Shared s = shared("ts_stale_");
        ShardRouter a = ShardRouter.shared(s.store(), s.names()::get);
        ShardRouter b = ShardRouter.shared(s.store(), s.names()::get);
        Resharder.Report report = Resharder.of(a, "s3", ShardFleet.TABLES).maxPause(Duration.ofSeconds(5)).run();
        assertThat(report.epoch()).isEqualTo(2);
        assertThat(a.epoch()).isEqualTo(2);
        assertThat(s.store().load()).isEqualTo(new ShardLayout(2, FOUR, List.of("s0", "s1", "s2", "s3")));
        assertThat(b.epoch()).isEqualTo(1);
        long id = movingId(5000);
        int old = THREE.shardOf(ShardFleet.owner(id));
        assertThatThrownBy(() -> ShardFleet.write(b, id, 55, false)).isInstanceOf(StaleTopologyException.class)
            .hasMessage("write refused: shard " + old + " (s" + old + ") is on epoch 2, but this router routed by epoch"
                + " 1 (jump-hash(3)); the router reloaded the topology (now epoch 2: jump-hash(4)); retry the"
                + " transaction")
            .satisfies(e -> {
                StaleTopologyException stale = (StaleTopologyException) e;
                assertThat(stale.routedEpoch()).isEqualTo(1);
                assertThat(stale.shardEpoch()).isEqualTo(2);
                assertThat(stale.getSQLState()).isEqualTo("40001");
            });
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(b.strategy()).isEqualTo(FOUR);
        ShardFleet.write(b, id, 55, false);
        Map<Long, Long> rows = s.fleet().contents(FOUR);
        assertThat(rows).hasSize(301).containsEntry(id, 55L);
        assertThat(b.forKey(ShardFleet.owner(id))).isSameAs(s.fleet().get(3));
        assertThat(b.reload()).isFalse();
        s.fleet().assertClean(4);
    }

    @Test
    void writersInTwoProcessesDuringAReshardLoseNothingAndNeverWriteAWrongShard() throws Exception {
        Shared s = shared("ts_load_");
        ShardRouter a = ShardRouter.shared(s.store(), s.names()::get);
        ShardRouter b = ShardRouter.shared(s.store(), s.names()::get);
        WriteLoad load = new WriteLoad(List.of(a, b, b), 300);
        try (load) {
            load.awaitMore(100);
            Resharder.of(a, "s3", ShardFleet.TABLES).maxPause(Duration.ofSeconds(5)).run();
            load.awaitMore(100);
        }
        assertThat(load.failures()).isEmpty();
        assertThat(load.refused()).as("writes of the other process refused once, then retried").isPositive();
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(s.fleet().contents(FOUR)).isEqualTo(load.expected());
        s.fleet().assertClean(4);
    }

    @Test
    void aWriteInFlightByTheOldEpochIsWaitedForAndMovedByTheSwitch() throws Exception {
        Shared s = shared("ts_flight_");
        ShardRouter a = ShardRouter.shared(s.store(), s.names()::get);
        ShardRouter b = ShardRouter.shared(s.store(), s.names()::get);
        long id = movingId(6000);
        CountDownLatch switching = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Resharder.Report> reshard = CompletableFuture.supplyAsync(() -> {
            try {
                return Resharder.of(a, "s3", ShardFleet.TABLES).maxPause(Duration.ofSeconds(20)).listener(event -> {
                    if (event instanceof ReshardEvent.StepStarted st && st.step() == ReshardEvent.Step.SWITCH) {
                        switching.countDown();
                        await(written);
                    } else if (event instanceof ReshardEvent.Locked) {
                        locked.countDown();
                    }
                }).run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(switching);
        try (ShardedTransaction tx = b.begin()) {
            try (PreparedStatement p = tx.connection(ShardFleet.owner(id)).prepareStatement(
                "INSERT INTO accounts VALUES (?, ?, 66, 'in flight')")) {
                p.setLong(1, id);
                p.setLong(2, ShardFleet.owner(id));
                p.executeUpdate();
            }
            written.countDown();
            await(locked);
            Replication.await(Duration.ofSeconds(20), "the switch waits for a lock", () -> waitingForALock(s));
            assertThat(reshard).isNotDone();
            tx.commit();
        }
        assertThat(reshard.get(30, TimeUnit.SECONDS).epoch()).isEqualTo(2);
        assertThat(s.fleet().contents(FOUR)).hasSize(301).containsEntry(id, 66L);
        try (Connection c = s.fleet().get(3).getConnection();
             PreparedStatement p = c.prepareStatement("SELECT note FROM accounts WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("in flight");
            }
        }
        assertThatThrownBy(() -> ShardFleet.write(b, id, 67, false)).isInstanceOf(StaleTopologyException.class);
        ShardFleet.write(b, id, 67, false);
        assertThat(s.fleet().contents(FOUR)).containsEntry(id, 67L);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("waited for the other side").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean waitingForALock(Shared s) {
        try (Connection c = s.fleet().get(0).getConnection(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
            return r.next() && r.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSharedTopologyIsRecordedOnceAndReshardedOnlyByName() throws Exception {
        Shared s = shared("ts_once_");
        assertThat(s.store().initialize(ShardStrategy.hashMod(2), List.of("s0", "s1"), s.names()::get))
            .isEqualTo(new ShardLayout(1, THREE, List.of("s0", "s1", "s2")));
        ShardRouter router = ShardRouter.shared(s.store(), s.names()::get);
        assertThat(router.epoch()).isEqualTo(1);
        assertThat(router.reload()).isFalse();
        assertThatThrownBy(() -> Resharder.of(router, s.fleet().get(3), ShardFleet.TABLES))
            .hasMessage("this router's topology is shared: name the new shard, Resharder.of(router, \"name\", tables),"
                + " so that every process can resolve it");
        assertThatThrownBy(() -> Resharder.of(router, "s2", ShardFleet.TABLES))
            .hasMessage("new shard 's2' is in the topology already");
        assertThatThrownBy(() -> TopologyStore.of(s.fleet().get(1), "accounts").load())
            .hasMessage("topology 'accounts' is not recorded in hz_topology (expected: TopologyStore.initialize once"
                + " before routers use it)");
    }
}
