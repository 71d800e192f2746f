package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Deletes, in batches, the rows of a table that a database does not own under a strategy: after the switch, the moved
 * rows left on their old shards (under the new strategy); in a rollback, the copies (under the old one). It walks the
 * table in primary-key order ({@code WHERE pk > last ORDER BY pk LIMIT n}), so each batch is a short statement and
 * writers are never blocked for long; rows written meanwhile are owned, and kept.
 */
final class OwnershipSweep {

    static final int BATCH = 5000;

    private final RowSql sql;

    OwnershipSweep(RowSql sql) {
        this.sql = sql;
    }

    /** Deletes {@code t}'s rows on {@code db} (shard {@code shard}) that {@code owner} places elsewhere. */
    long sweep(DataSource db, int shard, ShardStrategy owner, Resharder.Table t) throws SQLException {
        long deleted = 0;
        try (Connection c = db.getConnection()) {
            String pkType = sql.pkType(c, t);
            @Nullable String last = null;
            while (true) {
                List<String> doomed = new ArrayList<>();
                int read = 0;
                try (PreparedStatement p = c.prepareStatement("SELECT " + t.primaryKey() + "::text, " + t.keyColumn()
                    + " FROM " + t.name() + (last == null ? "" : " WHERE " + t.primaryKey() + " > CAST(? AS " + pkType
                    + ")") + " ORDER BY " + t.primaryKey() + " LIMIT " + BATCH)) {
                    if (last != null) {
                        p.setString(1, last);
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            read++;
                            last = r.getString(1);
                            if (owner.shardOf(RowSql.key(r.getObject(2))) != shard) {
                                doomed.add(r.getString(1));
                            }
                        }
                    }
                }
                deleted += RowSql.delete(c, t, pkType, doomed);
                if (read < BATCH) {
                    return deleted;
                }
            }
        }
    }
}
