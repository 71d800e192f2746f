package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.data.Replication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Transactions and scatter-gather over three shard databases, checked against the same rows in one database. */
final class ShardRouterTest {

    private static final String[] WORDS = {"apple", "Apple", "banana", "Zebra", "éclair", "cherry", "apple pie", ""};

    private static List<DataSource> shards;
    private static DataSource whole;
    private static ShardRouter router;

    @BeforeAll
    static void fill() throws Exception {
        Replication cluster = Replication.get();
        shards = List.of(cluster.database("rt_shard_0"), cluster.database("rt_shard_1"),
            cluster.database("rt_shard_2"));
        whole = cluster.database("rt_whole");
        String ddl = "CREATE TABLE items (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, price INT, name TEXT)";
        for (DataSource ds : concat(shards, whole)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(ddl);
            }
        }
        router = ShardRouter.of(ShardStrategy.jumpHash(3), shards);
        SplittableRandom random = new SplittableRandom(3);
        try (Connection w = whole.getConnection();
             PreparedStatement all = w.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)")) {
            for (long id = 1; id <= 600; id++) {
                long user = random.nextLong(1, 200);
                Integer price = random.nextInt(20) == 0 ? null : random.nextInt(1, 50);
                String name = WORDS[random.nextInt(WORDS.length)];
                bind(all, id, user, price, name);
                all.executeUpdate();
                try (ShardedTransaction tx = router.begin();
                     PreparedStatement one = tx.connection(user).prepareStatement(
                         "INSERT INTO items VALUES (?, ?, ?, ?)")) {
                    bind(one, id, user, price, name);
                    one.executeUpdate();
                    tx.commit();
                }
            }
        }
    }

    private static List<DataSource> concat(List<DataSource> list, DataSource one) {
        List<DataSource> out = new ArrayList<>(list);
        out.add(one);
        return out;
    }

    private static void bind(PreparedStatement p, long id, long user, @Nullable Integer price, String name)
            throws SQLException {
        p.setLong(1, id);
        p.setLong(2, user);
        p.setObject(3, price);
        p.setString(4, name);
    }

    @Test
    void rowsLandOnTheirKeysShard() throws Exception {
        long total = 0;
        for (int i = 0; i < 3; i++) {
            try (Connection c = shards.get(i).getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT user_id FROM items")) {
                while (r.next()) {
                    assertThat(router.shardOf(r.getLong(1))).isEqualTo(i);
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(600);
    }

    @Test
    void scatterPagesEqualTheSameQueryOnOneDatabase() throws Exception {
        for (long offset : new long[] {0, 37, 250, 590, 600}) {
            List<Long> scattered = router.scatter(ScatterQuery.of(
                    "SELECT id, price, name FROM items WHERE id > ? AND id <= 600", 5)
                .orderBy("price", ScatterQuery.Direction.DESC).orderByText("name", ScatterQuery.Direction.ASC)
                .orderBy("id", ScatterQuery.Direction.ASC).page(offset, 25), r -> r.getLong("id"));
            List<Long> single = new ArrayList<>();
            try (Connection c = whole.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id FROM items WHERE id > 5 AND id <= 600"
                    + " ORDER BY price DESC NULLS FIRST, name COLLATE \"C\" ASC, id ASC"
                    + " LIMIT 25 OFFSET " + offset); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    single.add(r.getLong(1));
                }
            }
            assertThat(scattered).as("offset %d", offset).isEqualTo(single);
        }
    }

    @Test
    void aTextSortKeyMustBeDeclaredAsText() {
        assertThatThrownBy(() -> router.scatter(ScatterQuery.of("SELECT id, name FROM items")
            .orderBy("name", ScatterQuery.Direction.ASC), r -> r.getLong(1)))
            .hasMessage("sort column name is text: declare it with orderByText, so every shard sorts it byte-wise");
    }

    @Test
    void aTransactionThatWouldSpanShardsFailsAndWritesNothing() throws Exception {
        long a = 1;
        long b = 2;
        while (router.shardOf(b) == router.shardOf(a)) {
            b++;
        }
        long other = b;
        try (ShardedTransaction tx = router.begin()) {
            try (Statement s = tx.connection(a).createStatement()) {
                s.executeUpdate("INSERT INTO items VALUES (9001, " + a + ", 1, 'tx')");
            }
            assertThatThrownBy(() -> tx.connection(other)).isInstanceOf(CrossShardTransactionException.class)
                .hasMessage("this transaction is on shard " + router.shardOf(a) + ", and key " + other
                    + " lives on shard " + router.shardOf(other) + ": a transaction spans one shard unless two-phase "
                    + "commit is enabled (ShardRouter.twoPhaseCommit(true))");
        }
        assertThat(count(router.forKey(a), 9001)).isZero();
    }

    @Test
    void twoPhaseCommitWritesEveryShardOrNone() throws Exception {
        ShardRouter twoPhase = ShardRouter.of(ShardStrategy.jumpHash(3), shards).twoPhaseCommit(true);
        long a = 1;
        long b = 2;
        while (twoPhase.shardOf(b) == twoPhase.shardOf(a)) {
            b++;
        }
        try (ShardedTransaction tx = twoPhase.begin()) {
            insert(tx.connection(a), 9101, a);
            insert(tx.connection(b), 9102, b);
            assertThat(tx.shards()).hasSize(2);
            tx.commit();
        }
        assertThat(count(twoPhase.forKey(a), 9101)).isOne();
        assertThat(count(twoPhase.forKey(b), 9102)).isOne();

        for (DataSource shard : shards) {
            try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS guard (n INT UNIQUE DEFERRABLE INITIALLY DEFERRED)");
            }
        }
        try (ShardedTransaction tx = twoPhase.begin()) {
            insert(tx.connection(a), 9103, a);
            try (Statement st = tx.connection(b).createStatement()) {
                st.executeUpdate("INSERT INTO guard VALUES (1), (1)");
            }
            assertThatThrownBy(tx::commit).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }
        assertThat(count(twoPhase.forKey(a), 9103)).isZero();
        try (Connection c = shards.get(0).getConnection(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FROM pg_prepared_xacts")) {
            r.next();
            assertThat(r.getLong(1)).as("prepared transactions left behind").isZero();
        }
    }

    private static void insert(Connection c, long id, long user) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO items VALUES (" + id + ", " + user + ", 1, 'two-phase')");
        }
    }

    private static long count(DataSource shard, long id) throws SQLException {
        try (Connection c = shard.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM items WHERE id = " + id)) {
            r.next();
            return r.getLong(1);
        }
    }
}
