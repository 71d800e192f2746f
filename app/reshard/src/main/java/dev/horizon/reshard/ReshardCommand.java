package dev.horizon.reshard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.data.shard.Resharder;
import dev.horizon.data.shard.ShardRouter;
import dev.horizon.data.shard.ShardStrategy;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code horizon reshard}: moves sharded tables online from N PostgreSQL shards to N+1 with
 * {@link Resharder} — copy, catch up, verify, switch under a bounded write pause, or roll back. Durations are read by
 * the converter the {@code horizon} command registers ({@code 2s}, {@code 500ms}); a bad argument is an
 * {@link IllegalArgumentException}, which {@code horizon} reports as a usage error.
 */
@Command(name = "reshard", description = {
    "Move sharded tables from N PostgreSQL shards to N+1: copy the rows whose shard changes, catch up writes made "
        + "meanwhile, verify counts and checksums, switch with a bounded write pause, or roll back on failure.",
    "Writers in other processes are paused by table locks during the switch; restart them on the new shard count."})
public final class ReshardCommand implements Callable<Integer> {

    @Option(names = "--shard", required = true, paramLabel = "JDBC-URL",
        description = "an existing shard, in shard order (repeat: shard 0 first)")
    List<String> shards = new ArrayList<>();

    @Option(names = "--new-shard", required = true, paramLabel = "JDBC-URL",
        description = "the empty shard to add (same tables)")
    String newShard = "";

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "jump-hash",
        description = "the current strategy: hash-mod, jump-hash, ring or range:BOUND,BOUND,… (default: "
            + "${DEFAULT-VALUE}); the new one is the same over one more shard")
    String strategy = "jump-hash";

    @Option(names = "--new-bound", paramLabel = "N", description = "for range: the new last shard starts here "
        + "(default: the last span again)")
    @Nullable Long newBound;

    @Option(names = "--table", required = true, paramLabel = "NAME:KEY:PK",
        description = "a sharded table, its shard key column and its primary key column (repeat)")
    List<String> tables = new ArrayList<>();

    @Option(names = "--max-pause", paramLabel = "DURATION", defaultValue = "2s",
        description = "the longest write pause allowed for the switch (default: ${DEFAULT-VALUE})")
    Duration maxPause = Duration.ofSeconds(2);

    @Option(names = "--user", description = "database user for every shard (default: from the URLs)")
    @Nullable String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "HORIZON_DB_PASSWORD",
        description = "environment variable holding the password (default: ${DEFAULT-VALUE})")
    String passwordEnv = "HORIZON_DB_PASSWORD";

    @Spec
    @Nullable CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
        ShardStrategy current = strategy(strategy, shards.size());
        List<Resharder.Table> parsed = tables.stream().map(ReshardCommand::table).toList();
        List<HikariDataSource> pools = new ArrayList<>();
        try {
            for (int i = 0; i < shards.size(); i++) {
                pools.add(pool("shard-" + i, shards.get(i)));
            }
            HikariDataSource added = pool("shard-" + shards.size(), newShard);
            pools.add(added);
            ShardRouter router = ShardRouter.of(current, pools.subList(0, shards.size()));
            Resharder resharder = Resharder.of(router, added, parsed).maxPause(maxPause)
                .progress(line -> out.println("horizon reshard: " + line));
            if (newBound != null) {
                if (!(current instanceof ShardStrategy.RangeShards range)) {
                    throw new IllegalArgumentException("--new-bound: only for --strategy range:…");
                }
                resharder.target(range.withUpperBound(newBound));
            }
            out.println("horizon reshard: " + current + " on " + shards.size() + " shard(s) -> "
                + (newBound == null ? current.grow() : "range with a new bound at " + newBound));
            Resharder.Report report;
            try {
                report = resharder.run();
            } catch (SQLException e) {
                throw new IllegalStateException("failed and rolled back: " + e.getMessage(), e);
            }
            out.println("horizon reshard: done: " + report.moved().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() + " row(s) moved").collect(Collectors.joining(", "))
                + "; " + report.caughtUp() + " write(s) caught up; writes paused " + report.pause().toMillis()
                + " ms; strategy now " + report.strategy());
            return 0;
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    private HikariDataSource pool(String name, String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("shard url: '" + url + "' (expected: jdbc:postgresql://HOST:PORT/DB)");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        if (user != null) {
            config.setUsername(user);
        }
        String password = System.getenv(passwordEnv);
        if (password != null) {
            config.setPassword(password);
        }
        return new HikariDataSource(config);
    }

    /** The strategy named on the command line over {@code shards} shards. */
    static ShardStrategy strategy(String text, int shards) {
        String name = text.toLowerCase(Locale.ROOT);
        if (name.startsWith("range:")) {
            long[] bounds;
            try {
                bounds = Arrays.stream(name.substring("range:".length()).split(",")).map(String::strip)
                    .mapToLong(Long::parseLong).toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--strategy: '" + text + "' (expected: range:BOUND,BOUND,… with "
                    + "whole numbers)", e);
            }
            if (bounds.length != shards - 1) {
                throw new IllegalArgumentException("--strategy: " + bounds.length + " range bound(s) for " + shards
                    + " shard(s) (expected: " + (shards - 1) + ")");
            }
            return ShardStrategy.range(bounds);
        }
        return switch (name) {
            case "hash-mod" -> ShardStrategy.hashMod(shards);
            case "jump-hash" -> ShardStrategy.jumpHash(shards);
            case "ring" -> ShardStrategy.ring(shards);
            default -> throw new IllegalArgumentException("--strategy: '" + text
                + "' (expected: hash-mod, jump-hash, ring or range:BOUND,…)");
        };
    }

    private static Resharder.Table table(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--table: '" + text + "' (expected: NAME:KEY-COLUMN:PRIMARY-KEY, "
                + "for example orders:user_id:id)");
        }
        return new Resharder.Table(parts[0], parts[1], parts[2]);
    }
}
