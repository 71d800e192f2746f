package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies logged changes of one old shard: each logged row is made to exist exactly where the new strategy puts it —
 * a row still on its shard is upserted at its new shard (with its current content), a row gone from it is deleted
 * there. Optionally verifies what it applied: each moved row's whole text must then be the same on both sides, and
 * each deleted row absent.
 */
final class ChangeSync {

    /** What applying a batch did: distinct rows applied, and the statements run and rows they read or wrote. */
    record Applied(long rows, long statements, long touched) {
        static final Applied NONE = new Applied(0, 0, 0);

        Applied plus(Applied o) {
            return new Applied(rows + o.rows, statements + o.statements, touched + o.touched);
        }
    }

    private final ReshardPlan plan;
    private final RowSql sql;

    ChangeSync(ReshardPlan plan, RowSql sql) {
        this.plan = plan;
        this.sql = sql;
    }

    /**
     * Applies {@code logged} (primary key → shard key, as text) of table {@code t} from old shard {@code s}, with
     * {@code connections} (one per shard, new shard last); with {@code verify}, reads back what it wrote.
     */
    Applied apply(Resharder.Table t, int s, Map<String, String> logged, List<Connection> connections, boolean verify)
            throws SQLException {
        if (logged.isEmpty()) {
            return Applied.NONE;
        }
        Connection source = connections.get(s);
        String pkType = sql.pkType(source, t);
        String keyType = sql.type(source, t, t.keyColumn());
        // target shard -> primary key -> the row's text there, or null where it must be absent
        Map<Integer, Map<String, @Nullable String>> expected = new HashMap<>();
        Found found = upsertFound(t, s, logged.keySet(), connections, pkType, expected);
        for (Map.Entry<String, String> row : logged.entrySet()) {
            if (!found.keys().contains(row.getKey())) {
                int where = plan.to().shardOf(RowSql.key(row.getValue(), keyType));
                if (where != s) {
                    expected.computeIfAbsent(where, i -> new HashMap<>()).put(row.getKey(), null);
                }
            }
        }
        long statements = found.statements();
        long touched = found.touched();
        for (Map.Entry<Integer, Map<String, @Nullable String>> e : expected.entrySet()) {
            List<String> absent = new ArrayList<>();
            e.getValue().forEach((pk, text) -> {
                if (text == null) {
                    absent.add(pk);
                }
            });
            if (!absent.isEmpty()) {
                touched += RowSql.delete(connections.get(e.getKey()), t, pkType, absent);
                statements++;
            }
            if (verify) {
                touched += verify(t, s, e.getKey(), connections.get(e.getKey()), pkType, e.getValue());
                statements++;
            }
        }
        return new Applied(logged.size(), statements, touched);
    }

    /** The logged rows found on the source (moving or not), and the work of reading and upserting them. */
    private record Found(Set<String> keys, long statements, long touched) {}

    /** Upserts the logged rows still on the source where they now belong, noting them in {@code expected}. */
    private Found upsertFound(Resharder.Table t, int s, Set<String> logged, List<Connection> connections,
            String pkType, Map<Integer, Map<String, @Nullable String>> expected) throws SQLException {
        Set<String> keys = new HashSet<>();
        Connection source = connections.get(s);
        Map<Integer, PreparedStatement> upserts = new HashMap<>();
        long statements = 1;
        long touched = 0;
        try (PreparedStatement p = source.prepareStatement(RowSql.select(t, "WHERE " + RowSql.anyKey(t, pkType)))) {
            RowSql.bindKeys(p, 1, new ArrayList<>(logged));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    touched++;
                    String pk = r.getString(t.primaryKey());
                    keys.add(pk);
                    int right = plan.to().shardOf(RowSql.key(r.getObject(t.keyColumn())));
                    if (right == s) {
                        continue;
                    }
                    PreparedStatement up = upserts.get(right);
                    if (up == null) {
                        up = connections.get(right).prepareStatement(RowSql.upsert(t, r.getMetaData()));
                        upserts.put(right, up);
                    }
                    RowSql.bindRow(up, r);
                    up.addBatch();
                    expected.computeIfAbsent(right, i -> new HashMap<>()).put(pk, r.getString(RowSql.TEXT));
                }
            }
            for (PreparedStatement up : upserts.values()) {
                touched += up.executeBatch().length;
                statements++;
            }
        } finally {
            for (PreparedStatement up : upserts.values()) {
                up.close();
            }
        }
        return new Found(keys, statements, touched);
    }

    /** Reads back {@code rows} on shard {@code d}: each must have the expected text, or be absent for null. */
    private static long verify(Resharder.Table t, int s, int d, Connection c, String pkType,
            Map<String, @Nullable String> rows) throws SQLException {
        Map<String, String> found = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT x." + t.primaryKey() + "::text, x::text FROM "
            + t.name() + " x WHERE x." + RowSql.anyKey(t, pkType))) {
            RowSql.bindKeys(p, 1, new ArrayList<>(rows.keySet()));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    found.put(r.getString(1), r.getString(2));
                }
            }
        }
        for (Map.Entry<String, @Nullable String> row : rows.entrySet()) {
            if (!Objects.equals(row.getValue(), found.get(row.getKey()))) {
                throw new SQLException("verification failed for " + t.name() + ": row " + t.primaryKey() + " = "
                    + row.getKey() + (row.getValue() == null ? " was deleted on shard " + s + " but is still on shard "
                    + d : " differs on shard " + d + " from shard " + s));
            }
        }
        return found.size();
    }
}
