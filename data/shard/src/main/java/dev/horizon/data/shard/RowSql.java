package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The SQL the resharding steps share: shard keys as the strategies take them, upserts of whole rows, and the column
 * types of the sharded tables (looked up once per column).
 *
 * <p>Rows are read as {@code SELECT x::text AS hz_row, x.* FROM t x}: column 1 is the row's whole text (what the
 * checksums and the delta verification compare), columns 2.. are the row itself, bound into the upsert as they are.
 */
final class RowSql {

    /** The first column of a {@link #select} row: the row's whole text. */
    static final int TEXT = 1;

    private final Map<String, String> types = new ConcurrentHashMap<>();

    /** A shard key as the strategies take it: whole numbers as {@code Long}, everything else as text. */
    static Object key(@Nullable Object value) {
        if (value == null) {
            throw new IllegalStateException("a row has no shard key");
        }
        return value instanceof Integer || value instanceof Short ? ((Number) value).longValue()
            : value instanceof Long ? value : value.toString();
    }

    /** A shard key logged as text, as {@link #key} gives it for a column of {@code type}. */
    static Object key(String text, String type) {
        return type.equals("bigint") || type.equals("integer") || type.equals("smallint") ? Long.parseLong(text)
            : text;
    }

    /** {@code SELECT x::text AS hz_row, x.* FROM table x} followed by {@code rest}. */
    static String select(Resharder.Table t, String rest) {
        return "SELECT x::text AS hz_row, x.* FROM " + t.name() + " x" + (rest.isEmpty() ? "" : " " + rest);
    }

    /** {@code WHERE pk = ANY(?)} for a text array bound with {@link #bindKeys}, cast to the key's type. */
    static String anyKey(Resharder.Table t, String pkType) {
        return t.primaryKey() + " = ANY(CAST(? AS " + pkType + "[]))";
    }

    static void bindKeys(PreparedStatement p, int index, List<String> primaryKeys) throws SQLException {
        p.setArray(index, p.getConnection().createArrayOf("text", primaryKeys.toArray()));
    }

    /** Deletes the rows of {@code t} with these primary keys (text); returns how many were there. */
    static long delete(Connection c, Resharder.Table t, String pkType, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.name() + " WHERE " + anyKey(t, pkType))) {
            bindKeys(d, 1, keys);
            return d.executeUpdate();
        }
    }

    /** An upsert of every column of a {@link #select} row (all but the first). */
    static String upsert(Resharder.Table t, ResultSetMetaData meta) throws SQLException {
        StringBuilder cols = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (int i = TEXT + 1; i <= meta.getColumnCount(); i++) {
            String col = meta.getColumnName(i);
            String sep = i > TEXT + 1 ? ", " : "";
            cols.append(sep).append(col);
            marks.append(sep).append('?');
            sets.append(sep).append(col).append(" = EXCLUDED.").append(col);
        }
        return "INSERT INTO " + t.name() + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + t.primaryKey()
            + ") DO UPDATE SET " + sets;
    }

    /** Binds the current {@link #select} row into an {@link #upsert}. */
    static void bindRow(PreparedStatement upsert, ResultSet row) throws SQLException {
        int n = row.getMetaData().getColumnCount();
        for (int i = TEXT + 1; i <= n; i++) {
            upsert.setObject(i - TEXT, row.getObject(i));
        }
    }

    /** The SQL type of {@code column} (as {@code format_type} spells it), looked up once. */
    String type(Connection c, Resharder.Table t, String column) throws SQLException {
        String known = types.get(t.name() + "." + column);
        if (known != null) {
            return known;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            + " WHERE attrelid = CAST(? AS regclass) AND attname = ? AND NOT attisdropped")) {
            p.setString(1, t.name());
            p.setString(2, column);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("table " + t.name() + " has no column " + column);
                }
                types.put(t.name() + "." + column, r.getString(1));
                return r.getString(1);
            }
        }
    }

    /** The type of {@code t}'s primary key. */
    String pkType(Connection c, Resharder.Table t) throws SQLException {
        return type(c, t, t.primaryKey());
    }
}
