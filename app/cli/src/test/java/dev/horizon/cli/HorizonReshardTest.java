package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.shard.ShardStrategy;
import dev.horizon.testing.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code horizon reshard} on three real databases: two shards become three, and bad input is refused. */
final class HorizonReshardTest {

    private static PostgresServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new PostgresServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String url(String db) {
        return server.jdbcUrl().replace("/postgres?", "/" + db + "?");
    }

    private record Run(int code, String out, String err) {}

    private static Run horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void movesTwoShardsToThreeAndSaysWhatItDid() throws Exception {
        List<String> urls = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl()); Statement s = admin.createStatement()) {
            for (int i = 0; i < 3; i++) {
                s.execute("CREATE DATABASE cli_shard_" + i);
                urls.add(url("cli_shard_" + i));
            }
        }
        ShardStrategy two = ShardStrategy.jumpHash(2);
        for (int i = 0; i < 3; i++) {
            try (Connection c = DriverManager.getConnection(urls.get(i)); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, total INT)");
            }
            if (i < 2) {
                try (Connection c = DriverManager.getConnection(urls.get(i));
                     PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, 1)")) {
                    for (long id = 1; id <= 900; id++) {
                        if (two.shardOf(id % 300) == i) {
                            p.setLong(1, id);
                            p.setLong(2, id % 300);
                            p.addBatch();
                        }
                    }
                    p.executeBatch();
                }
            }
        }
        Run run = horizon("reshard", "--shard", urls.get(0), "--shard", urls.get(1), "--new-shard", urls.get(2),
            "--strategy", "jump-hash", "--table", "orders:user_id:id");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("horizon reshard: jump-hash(2) on 2 shard(s) -> jump-hash(3)\n")
            .contains("horizon reshard: verify: orders: counts and checksums match\n")
            .containsPattern("horizon reshard: done: orders \\d+ row\\(s\\) moved; \\d+ write\\(s\\) caught up; "
                + "writes paused \\d+ ms; strategy now jump-hash\\(3\\)\n");
        ShardStrategy three = ShardStrategy.jumpHash(3);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            try (Connection c = DriverManager.getConnection(urls.get(i)); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, user_id FROM orders")) {
                while (r.next()) {
                    assertThat(three.shardOf(r.getLong(2))).isEqualTo(i);
                    assertThat(ids.add(r.getLong(1))).isTrue();
                }
            }
        }
        assertThat(ids).hasSize(900);
    }

    @Test
    void refusesBadInputWithAClearMessage() {
        Run wrongBounds = horizon("reshard", "--shard", url("a"), "--shard", url("b"), "--new-shard", url("c"),
            "--strategy", "range:10,20", "--table", "t:k:id");
        assertThat(wrongBounds.code()).isEqualTo(2);
        assertThat(wrongBounds.err()).isEqualTo("horizon reshard: --strategy: 2 range bound(s) for 2 shard(s) "
            + "(expected: 1)\n");
        Run badTable = horizon("reshard", "--shard", url("a"), "--new-shard", url("c"), "--table", "orders");
        assertThat(badTable.code()).isEqualTo(2);
        assertThat(badTable.err()).isEqualTo("horizon reshard: --table: 'orders' (expected: NAME:KEY-COLUMN:"
            + "PRIMARY-KEY, for example orders:user_id:id)\n");
        Run badStrategy = horizon("reshard", "--shard", url("a"), "--new-shard", url("c"), "--table", "t:k:id",
            "--strategy", "modulo");
        assertThat(badStrategy.err()).isEqualTo("horizon reshard: --strategy: 'modulo' (expected: hash-mod, "
            + "jump-hash, ring or range:BOUND,…)\n");
        Run notPostgres = horizon("reshard", "--shard", "jdbc:h2:mem:x", "--new-shard", url("c"), "--table",
            "t:k:id");
        assertThat(notPostgres.err()).isEqualTo("horizon reshard: shard url: 'jdbc:h2:mem:x' (expected: "
            + "jdbc:postgresql://HOST:PORT/DB)\n");
    }
}
