package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.Replication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Shard databases on the test PostgreSQL, each with table {@code accounts(id, owner, balance, note)} sharded by
 * {@code owner = id / 3}: the first ones filled by a strategy, the last ones empty, for resharding tests.
 */
final class ShardFleet {

    static final List<Resharder.Table> TABLES = List.of(new Resharder.Table("accounts", "owner", "id"));

    private final List<DataSource> databases;

    private ShardFleet(List<DataSource> databases) {
        this.databases = List.copyOf(databases);
    }

    /** {@code count} fresh databases named {@code prefix0 …}, each with an empty accounts table. */
    static ShardFleet create(String prefix, int count) throws Exception {
        return create(prefix, count, UnaryOperator.identity());
    }

    /** The same, each database seen through {@code wrap} (to count what is done to it, say). */
    static ShardFleet create(String prefix, int count, UnaryOperator<DataSource> wrap) throws Exception {
        Replication cluster = Replication.get();
        List<DataSource> databases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DataSource ds = cluster.database(prefix + i);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner BIGINT NOT NULL,"
                    + " balance BIGINT NOT NULL, note TEXT)");
            }
            databases.add(wrap.apply(ds));
        }
        return new ShardFleet(databases);
    }

    static long owner(long id) {
        return id / 3;
    }

    /** Accounts {@code 1..rows} with balance 100, each on its shard under {@code strategy}. */
    ShardFleet fill(ShardStrategy strategy, long rows) throws SQLException {
        for (int i = 0; i < strategy.shards(); i++) {
            try (Connection c = databases.get(i).getConnection();
                 PreparedStatement p = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, 100, 'n')")) {
                for (long id = 1; id <= rows; id++) {
                    if (strategy.shardOf(owner(id)) == i) {
                        p.setLong(1, id);
                        p.setLong(2, owner(id));
                        p.addBatch();
                    }
                }
                p.executeBatch();
            }
        }
        return this;
    }

    DataSource get(int i) {
        return databases.get(i);
    }

    /** The first {@code n} databases. */
    List<DataSource> first(int n) {
        return databases.subList(0, n);
    }

    /** Sets an account's balance directly on the database {@code strategy} places it on (not through a router). */
    void setBalance(ShardStrategy strategy, long id, long balance) throws SQLException {
        try (Connection c = databases.get(strategy.shardOf(owner(id))).getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE accounts SET balance = ? WHERE id = ?")) {
            p.setLong(1, balance);
            p.setLong(2, id);
            assertThat(p.executeUpdate()).as("account %d", id).isOne();
        }
    }

    /**
     * Every account on the first {@code strategy.shards()} databases, by id, with its balance; fails on an account
     * found twice or on a shard {@code strategy} does not place it on.
     */
    Map<Long, Long> contents(ShardStrategy strategy) throws SQLException {
        Map<Long, Long> rows = new TreeMap<>();
        for (int i = 0; i < strategy.shards(); i++) {
            try (Connection c = databases.get(i).getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, owner, balance FROM accounts")) {
                while (r.next()) {
                    assertThat(strategy.shardOf(r.getLong(2))).as("shard of account %d", r.getLong(1)).isEqualTo(i);
                    assertThat(rows.put(r.getLong(1), r.getLong(3))).as("account %d twice", r.getLong(1)).isNull();
                }
            }
        }
        return rows;
    }

    /** How many accounts database {@code i} holds. */
    long count(int i) throws SQLException {
        try (Connection c = databases.get(i).getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM accounts")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Upserts (balance) or deletes account {@code id} through {@code router}, in one transaction. */
    static void write(ShardRouter router, long id, long balance, boolean delete) throws SQLException {
        try (ShardedTransaction tx = router.begin()) {
            Connection c = tx.connection(owner(id));
            String sql = delete ? "DELETE FROM accounts WHERE id = ?"
                : "INSERT INTO accounts VALUES (?, ?, ?, 'n')"
                    + " ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, id);
                if (!delete) {
                    p.setLong(2, owner(id));
                    p.setLong(3, balance);
                }
                p.executeUpdate();
            }
            tx.commit();
        }
    }

    /** Fails unless the first {@code n} databases are free of capture triggers, logs and prepared transactions. */
    void assertClean(int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            try (Connection c = databases.get(i).getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = "
                     + "'hz_reshard_capture'), to_regclass('hz_reshard_log') IS NULL,"
                     + " (SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database())")) {
                r.next();
                assertThat(r.getLong(1)).as("capture triggers on database %d", i).isZero();
                assertThat(r.getBoolean(2)).as("no capture log on database %d", i).isTrue();
                assertThat(r.getLong(3)).as("prepared transactions on database %d", i).isZero();
            }
        }
    }
}
