package dev.horizon.data.shard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The shared record of a sharded topology, so that every process routes by the same one: table
 * {@code hz_topology(name, epoch, strategy, shards)} in a designated database (a small directory database, or shard 0)
 * holds each named topology's {@link ShardLayout}, and a guard row on every shard holds the epoch that shard is on.
 *
 * <pre>{@code
 * TopologyStore store = TopologyStore.of(directory, "shop");
 * store.initialize(ShardStrategy.jumpHash(3), List.of("s0", "s1", "s2"), names::get);   // once; idempotent
 * ShardRouter router = ShardRouter.shared(store, names::get);                            // in every process
 * }</pre>
 *
 * <p>A router built with {@link ShardRouter#shared} checks, in every write transaction and atomically with it, that the
 * shard is on the router's epoch; a {@link Resharder} moves the record and every shard to the next epoch in its
 * switch, in the same two-phase commit as the data. A process still routing by the old epoch then has its next write
 * refused with a {@link StaleTopologyException}, reloads the record, and its retry lands on the right shard.
 */
public final class TopologyStore {

    /** Gives the database of a shard by its recorded name, in this process; {@code null} for an unknown name. */
    @FunctionalInterface
    public interface Resolver {
        @Nullable DataSource resolve(String name);

        /** The database of shard {@code name}, or an exception naming what is missing. */
        default DataSource require(String name, String topology) {
            DataSource ds = resolve(name);
            if (ds == null) {
                throw new IllegalStateException("no data source for shard '" + name + "' of topology '" + topology
                    + "' in this process");
            }
            return ds;
        }
    }

    /** The table in the directory database. */
    static final String TABLE = "hz_topology";

    private final DataSource directory;
    private final String name;

    private TopologyStore(DataSource directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    /** The topology named {@code name}, recorded in {@code directory}. */
    public static TopologyStore of(DataSource directory, String name) {
        Objects.requireNonNull(directory, "directory");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("topology name: '" + name + "' (expected: 1..200 characters)");
        }
        return new TopologyStore(directory, name);
    }

    /** The topology's name. */
    public String name() {
        return name;
    }

    DataSource directory() {
        return directory;
    }

    /**
     * Records {@code strategy} over the shards named {@code shards} as epoch 1, and stamps every shard with it, unless
     * the topology is recorded already; returns the layout in force either way. {@code resolve} gives each name's
     * database.
     */
    public ShardLayout initialize(ShardStrategy strategy, List<String> shards, Resolver resolve)
            throws SQLException {
        ShardLayout first = new ShardLayout(1, strategy, shards);
        String text = StrategyText.format(strategy);
        try (Connection c = directory.getConnection()) {
            createTable(c);
            ShardLayout recorded = find(c);
            if (recorded != null) {
                return recorded;
            }
            for (int i = 0; i < shards.size(); i++) {
                try (Connection s = resolve.require(shards.get(i), name).getConnection()) {
                    EpochGuard.createTable(s);
                    EpochGuard.stampIfAbsent(s, name, first.epoch(), i);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE + " (name, epoch, strategy, shards)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                p.setString(1, name);
                p.setLong(2, first.epoch());
                p.setString(3, text);
                p.setArray(4, c.createArrayOf("text", shards.toArray()));
                p.executeUpdate();
            }
            return load(c);
        }
    }

    /** The layout in force. */
    public ShardLayout load() throws SQLException {
        try (Connection c = directory.getConnection()) {
            return load(c);
        }
    }

    private ShardLayout load(Connection c) throws SQLException {
        ShardLayout layout = find(c);
        if (layout == null) {
            throw new SQLException("topology '" + name + "' is not recorded in " + TABLE + " (expected: "
                + "TopologyStore.initialize once before routers use it)");
        }
        return layout;
    }

    private @Nullable ShardLayout find(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT epoch, strategy, shards FROM " + TABLE
            + " WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                Array shards = r.getArray(3);
                List<String> names = new ArrayList<>(Arrays.asList((String[]) shards.getArray()));
                return new ShardLayout(r.getLong(1), StrategyText.parse(r.getString(2)), names);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    private static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name TEXT PRIMARY KEY, epoch BIGINT NOT NULL,"
                + " strategy TEXT NOT NULL, shards TEXT[] NOT NULL)");
        }
    }

    /** Moves the record from {@code from}'s epoch to {@code to} in the caller's transaction; 0 if it was not there. */
    int advance(Connection c, ShardLayout from, ShardLayout to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + TABLE + " SET epoch = ?, strategy = ?, shards = ?"
            + " WHERE name = ? AND epoch = ?")) {
            p.setLong(1, to.epoch());
            p.setString(2, StrategyText.format(to.strategy()));
            p.setArray(3, c.createArrayOf("text", to.shards().toArray()));
            p.setString(4, name);
            p.setLong(5, from.epoch());
            return p.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "TopologyStore[" + name + "]";
    }
}
