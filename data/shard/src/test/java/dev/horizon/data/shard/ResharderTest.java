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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Online resharding from three shards to four on real PostgreSQL databases, under a write load. */
final class ResharderTest {

    private static final List<Resharder.Table> TABLES = List.of(new Resharder.Table("accounts", "owner", "id"));

    /** Three shards with 3,000 accounts and an empty fourth one. */
    private record Fleet(ShardRouter router, List<DataSource> shards, DataSource fourth) {}

    private static Fleet fleet(String prefix, ShardStrategy strategy) throws Exception {
        Replication cluster = Replication.get();
        List<DataSource> shards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DataSource ds = cluster.database(prefix + i);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner BIGINT NOT NULL,"
                    + " balance BIGINT NOT NULL, note TEXT)");
            }
            shards.add(ds);
        }
        ShardRouter router = ShardRouter.of(strategy, shards.subList(0, 3));
        for (int i = 0; i < 3; i++) {
            try (Connection c = shards.get(i).getConnection();
                 PreparedStatement p = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, 100, 'n')")) {
                for (long id = 1; id <= 3000; id++) {
                    if (strategy.shardOf(owner(id)) == i) {
                        p.setLong(1, id);
                        p.setLong(2, owner(id));
                        p.addBatch();
                    }
                }
                p.executeBatch();
            }
        }
        return new Fleet(router, shards.subList(0, 3), shards.get(3));
    }

    private static long owner(long id) {
        return id / 3;
    }

    private static void write(ShardRouter router, long id, long owner, long balance, boolean delete)
            throws SQLException {
        try (ShardedTransaction tx = router.begin()) {
            Connection c = tx.connection(owner);
            String sql = delete ? "DELETE FROM accounts WHERE id = ?"
                : "INSERT INTO accounts VALUES (?, ?, ?, 'n')"
                    + " ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, id);
                if (!delete) {
                    p.setLong(2, owner);
                    p.setLong(3, balance);
                }
                p.executeUpdate();
            }
            tx.commit();
        }
    }

    /** Every row of every shard, by id, failing on a row found twice or on the wrong shard. */
    private static Map<Long, Long> contents(ShardStrategy strategy, List<DataSource> shards) throws SQLException {
        Map<Long, Long> rows = new TreeMap<>();
        for (int i = 0; i < shards.size(); i++) {
            try (Connection c = shards.get(i).getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, owner, balance FROM accounts")) {
                while (r.next()) {
                    assertThat(strategy.shardOf(r.getLong(2))).as("shard of account %d", r.getLong(1)).isEqualTo(i);
                    assertThat(rows.put(r.getLong(1), r.getLong(3))).as("account %d twice", r.getLong(1)).isNull();
                }
            }
        }
        return rows;
    }

    @Test
    void reshardingUnderAWriteLoadLosesNothing() throws Exception {
        Fleet fleet = fleet("rs_ok_", ShardStrategy.jumpHash(3));
        ConcurrentMap<Long, Long> expected = new ConcurrentHashMap<>();
        for (long id = 1; id <= 3000; id++) {
            expected.put(id, 100L);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong nextId = new AtomicLong(3001);
        AtomicLong writes = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int seed = w;
            done.add(writers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (running.get()) {
                    try {
                        int op = random.nextInt(10);
                        if (op < 4) {
                            long id = nextId.getAndIncrement();
                            write(fleet.router(), id, owner(id), 7, false);
                            expected.put(id, 7L);
                        } else if (op < 9) {
                            long id = 1 + random.nextLong(3000 / 3) * 3 + seed;
                            long balance = random.nextLong(1_000_000);
                            write(fleet.router(), id, owner(id), balance, false);
                            expected.put(id, balance);
                        } else {
                            long id = 1 + random.nextLong(3000 / 3) * 3 + seed;
                            write(fleet.router(), id, owner(id), 0, true);
                            expected.remove(id);
                        }
                        writes.incrementAndGet();
                    } catch (SQLException | RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        List<String> progress = new CopyOnWriteArrayList<>();
        Resharder.Report report;
        try {
            Thread.sleep(200);
            report = Resharder.of(fleet.router(), fleet.fourth(), TABLES).maxPause(Duration.ofSeconds(5))
                .progress(progress::add).run();
            Thread.sleep(200);
        } finally {
            running.set(false);
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(writes.get()).isGreaterThan(100);
        assertThat(report.strategy()).hasToString("jump-hash(4)");
        assertThat(fleet.router().strategy()).isSameAs(report.strategy());
        assertThat(report.moved().get("accounts")).isBetween(500L, 1100L);
        assertThat(report.pause()).isLessThan(Duration.ofSeconds(5));
        List<DataSource> four = new ArrayList<>(fleet.shards());
        four.add(fleet.fourth());
        assertThat(contents(report.strategy(), four)).isEqualTo(new TreeMap<>(expected));
        assertThat(progress).anyMatch(l -> l.startsWith("copy: accounts: "))
            .anyMatch(l -> l.equals("verify: accounts: counts and checksums match"))
            .anyMatch(l -> l.startsWith("switch: done in "));
        assertNoCaptureLeft(four);
    }

    @Test
    void aFailureMidwayRollsBackToExactlyTheOldShards() throws Exception {
        Fleet fleet = fleet("rs_fail_", ShardStrategy.hashMod(3));
        Map<Long, Long> before = contents(ShardStrategy.hashMod(3), fleet.shards());
        List<String> progress = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Resharder.of(fleet.router(), fleet.fourth(), TABLES).progress(progress::add)
            .failAt(Resharder.Step.CATCH_UP).run()).isInstanceOf(SQLException.class)
            .hasMessage("forced failure at CATCH_UP");
        assertThat(fleet.router().strategy()).hasToString("hash-mod(3)");
        assertThat(contents(ShardStrategy.hashMod(3), fleet.shards())).isEqualTo(before);
        try (Connection c = fleet.fourth().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM accounts")) {
            r.next();
            assertThat(r.getLong(1)).isZero();
        }
        assertThat(progress).contains("rolled back: the old shards are as they were");
        assertNoCaptureLeft(fleet.shards());
        write(fleet.router(), 5000, owner(5000), 1, false);
    }

    @Test
    void refusesANewShardThatIsNotEmpty() throws Exception {
        Fleet fleet = fleet("rs_full_", ShardStrategy.ring(3));
        try (Connection c = fleet.fourth().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO accounts VALUES (1, 1, 1, 'x')");
        }
        assertThatThrownBy(() -> Resharder.of(fleet.router(), fleet.fourth(), TABLES).run())
            .hasMessage("the new shard's table accounts has 1 row(s) (expected: empty)");
        assertThat(fleet.router().strategy()).hasToString("ring(3)");
    }

    private static void assertNoCaptureLeft(List<DataSource> shards) throws SQLException {
        for (DataSource ds : shards) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = "
                     + "'hz_reshard_capture'), to_regclass('hz_reshard_log') IS NULL")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
                assertThat(r.getBoolean(2)).isTrue();
            }
        }
    }
}
