package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A directory table that records each key's shard; new keys are placed by another strategy. */
final class DirectoryShards implements ShardStrategy {

    private final DataSource catalog;
    private final String table;
    private final ShardStrategy newKeys;
    private volatile boolean created;

    DirectoryShards(DataSource catalog, String table, ShardStrategy newKeys) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.newKeys = Objects.requireNonNull(newKeys, "newKeys");
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("directory table: '" + table + "' (expected: a plain SQL name)");
        }
        this.table = table;
    }

    @Override
    public int shards() {
        return newKeys.shards();
    }

    @Override
    public int shardOf(Object key) {
        String text = String.valueOf(Objects.requireNonNull(key, "shard key"));
        try (Connection c = catalog.getConnection()) {
            create(c);
            Integer found = lookup(c, text);
            if (found != null) {
                return found;
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table
                + " (shard_key, shard) VALUES (?, ?) ON CONFLICT (shard_key) DO NOTHING")) {
                p.setString(1, text);
                p.setInt(2, newKeys.shardOf(key));
                p.executeUpdate();
            }
            Integer placed = lookup(c, text);
            if (placed == null) {
                throw new IllegalStateException("directory " + table + ": key " + text + " vanished");
            }
            return placed;
        } catch (SQLException e) {
            throw new IllegalStateException("directory " + table + ": cannot place key " + text + ": "
                + e.getMessage(), e);
        }
    }

    /** Records that {@code key} now lives on {@code shard} (resharding moves keys this way). */
    void move(Object key, int shard) throws SQLException {
        try (Connection c = catalog.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " (shard_key, shard) VALUES (?, ?)"
                 + " ON CONFLICT (shard_key) DO UPDATE SET shard = EXCLUDED.shard")) {
            create(c);
            p.setString(1, String.valueOf(key));
            p.setInt(2, shard);
            p.executeUpdate();
        }
    }

    private void create(Connection c) throws SQLException {
        if (!created) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (shard_key TEXT PRIMARY KEY, shard INT NOT NULL)");
            }
            created = true;
        }
    }

    private @Nullable Integer lookup(Connection c, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT shard FROM " + table + " WHERE shard_key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : null;
            }
        }
    }

    @Override
    public ShardStrategy grow() {
        return new DirectoryShards(catalog, table, newKeys.grow());
    }

    @Override
    public String toString() {
        return "directory(" + table + ", new keys: " + newKeys + ")";
    }
}
