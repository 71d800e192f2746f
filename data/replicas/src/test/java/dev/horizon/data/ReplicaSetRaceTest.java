package dev.horizon.data;

import static dev.horizon.data.Replication.await;
import static dev.horizon.data.Replication.awaitUp;
import static dev.horizon.data.Replication.port;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.balance.Algorithm;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The read set agrees with the replicas' states whatever the order of a reader's failure and a probe's answer. */
final class ReplicaSetRaceTest {

    /**
     * The monitor's clock, which can hold a replica's sample between its probe and its verdict: the sample reads the
     * clock before the probe (is one due?) and after it (when was it taken?), so every second read on a replica's
     * sampling thread is the one after the probe.
     */
    private static final class Gate implements LongSupplier {

        private final ThreadLocal<int[]> reads = ThreadLocal.withInitial(() -> new int[1]);
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean armed;

        @Override
        public long getAsLong() {
            boolean replicaSample = StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("sampleReplica")));
            if (replicaSample && ++reads.get()[0] % 2 == 0 && armed) {
                armed = false;
                held.countDown();
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return System.nanoTime();
        }
    }

    @Test
    void aReaderMarkingAReplicaDownWhileItsProbeAnswersUpLeavesItInTheReadSet() throws Exception {
        Replication cluster = Replication.get();
        RoutingSettings settings = new RoutingSettings(cluster.primaryNode(), List.of(cluster.firstNode()),
            Algorithm.ROUND_ROBIN, Duration.ofSeconds(1), 16L << 20, Duration.ofMillis(100), NoReplica.PRIMARY,
            TransactionReads.PRIMARY, false, Duration.ofMillis(200));
        Gate gate = new Gate();
        try (SplittingDataSource ds = new SplittingDataSource(settings, gate)) {
            awaitUp(ds);
            gate.armed = true;
            assertThat(gate.held.await(10, TimeUnit.SECONDS)).isTrue();
            ds.lost(ds.replicaList().get(0), new SQLException("connection reset", "08006"));
            assertThat(ds.replicas().get(0).state()).isEqualTo(ReplicaStatus.State.DOWN);
            gate.released.countDown();
            await(Duration.ofSeconds(5), "the probe's answer is in: " + ds.replicas(),
                () -> ds.replicas().get(0).state() == ReplicaStatus.State.UP);
            await(Duration.ofSeconds(3), "replica-1 serves reads again", () -> readsReplica(ds, cluster));
        }
    }

    private static boolean readsReplica(RoutingDataSource ds, Replication cluster) {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            return port(c) == cluster.first.port();
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void aReplicaWithoutAKnownReplayPositionNeverQualifiesForACausalRead() {
        DataNode node = DataNode.of("replica-9", "jdbc:postgresql://127.0.0.1:1/postgres");
        try (HikariDataSource unused = new HikariDataSource()) {
            Replica replica = new Replica(node, unused);
            ReplicaSet set = new ReplicaSet(List.of(replica), Algorithm.ROUND_ROBIN);
            replica.sampled(new ReplicaStatus("replica-9", ReplicaStatus.State.UP, null, 0, Duration.ZERO, ""));
            set.refresh();
            assertThat(set.pick(new CausalToken(1), Set.of())).isNull();
            assertThat(set.pick(null, Set.of())).isSameAs(replica);
            assertThat(set.furthest(Set.of())).isSameAs(replica);
        }
    }
}
