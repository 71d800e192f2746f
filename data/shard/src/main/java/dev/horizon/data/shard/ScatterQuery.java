package dev.horizon.data.shard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A read across every shard with a global {@code ORDER BY … LIMIT … OFFSET …}: each shard returns its first
 * {@code offset + limit} rows in order, and a streaming k-way merge takes the page from them, holding one fetch batch
 * per shard and the page itself — never whole results.
 *
 * <pre>{@code
 * List<Order> page = router.scatter(
 *     ScatterQuery.of("SELECT id, user_id, total FROM orders WHERE total > ?", 100)
 *         .orderBy("total", ScatterQuery.Direction.DESC).orderBy("id", ScatterQuery.Direction.ASC)
 *         .page(40, 20),
 *     r -> new Order(r.getLong("id"), r.getLong("user_id"), r.getLong("total")));
 * }</pre>
 *
 * <p>The merge compares the sort columns as Java values, so every shard must sort them the same way: numbers,
 * timestamps and booleans do; text sort keys must be declared with {@link #orderByText}, which sorts them byte-wise
 * ({@code COLLATE "C"}) on every shard and by code point here. Nulls sort as PostgreSQL's default: last ascending,
 * first descending. Add a unique column last (the primary key) for a stable order across pages.
 *
 * <p>Declare the shard key column with {@link #shardKey} (the query must select it), and each shard's rows are filtered
 * to the keys that shard owns under the router's strategy: while a resharding copies rows, and until it has deleted
 * them from their old shards, a moved row exists on two shards, and only the owner's copy counts. A shard whose rows
 * were filtered out is read on ({@code OFFSET}, in the same {@code REPEATABLE READ} snapshot) until it has given
 * {@code offset + limit} rows it owns or has no more, so the page is still exact.
 */
public final class ScatterQuery {

    /** Sort direction. */
    public enum Direction { ASC, DESC }

    /** Turns the current row of a shard's result into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private record Key(String column, Direction direction, boolean text) {}

    private static final int FETCH_SIZE = 256;

    private final String sql;
    private final Object[] params;
    private final List<Key> keys = new ArrayList<>();
    private @Nullable String shardKey;
    private long offset;
    private int limit = 100;

    private ScatterQuery(String sql, Object[] params) {
        this.sql = sql;
        this.params = params;
    }

    /** A query (without ORDER BY or LIMIT) with its {@code ?} parameters. */
    public static ScatterQuery of(String sql, Object... params) {
        Objects.requireNonNull(sql, "sql");
        return new ScatterQuery(sql, params.clone());
    }

    /** Sorts by a number, timestamp or boolean column of the query's result. */
    public ScatterQuery orderBy(String column, Direction direction) {
        keys.add(new Key(checkedColumn(column), direction, false));
        return this;
    }

    /** Sorts by a text column, byte-wise on every shard ({@code COLLATE "C"}). */
    public ScatterQuery orderByText(String column, Direction direction) {
        keys.add(new Key(checkedColumn(column), direction, true));
        return this;
    }

    /**
     * The column of the query's result that holds the shard key: each shard's rows are then filtered to the keys it
     * owns under the router's strategy, so a row being moved by a resharding is seen once.
     */
    public ScatterQuery shardKey(String column) {
        this.shardKey = checkedColumn(column);
        return this;
    }

    /** Whether each shard's rows are filtered to the keys it owns. */
    boolean filtersByShardKey() {
        return shardKey != null;
    }

    /** The page: skip {@code offset} rows, return at most {@code limit} (default 0 and 100). */
    public ScatterQuery page(long skip, int count) {
        if (skip < 0 || count < 1 || skip + count > 10_000_000) {
            throw new IllegalArgumentException("page: offset " + skip + ", limit " + count
                + " (expected: offset ≥ 0, limit ≥ 1, offset + limit ≤ 10000000)");
        }
        this.offset = skip;
        this.limit = count;
        return this;
    }

    private static String checkedColumn(String column) {
        if (!column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("column: '" + column + "' (expected: a plain column name)");
        }
        return column;
    }

    /** The SQL each shard runs: the query as a subquery, sorted, limited to {@code offset + limit} rows. */
    String shardSql() {
        return shardSql(offset + limit, 0);
    }

    private void requireOrder() {
        if (keys.isEmpty()) {
            throw new IllegalStateException("a scatter query needs orderBy: without a global order, pages are "
                + "arbitrary");
        }
    }

    /** The SQL of one window of a shard's sorted rows. */
    String shardSql(long rows, long skip) {
        requireOrder();
        StringBuilder out = new StringBuilder("SELECT * FROM (").append(sql).append(") AS hz_scatter ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            out.append(i == 0 ? "" : ", ").append(k.column()).append(k.text() ? " COLLATE \"C\"" : "")
                .append(k.direction() == Direction.ASC ? " ASC NULLS LAST" : " DESC NULLS FIRST");
        }
        out.append(" LIMIT ").append(rows);
        return skip == 0 ? out.toString() : out.append(" OFFSET ").append(skip).toString();
    }

    <T> List<T> run(List<DataSource> shards, ShardStrategy strategy, RowMapper<T> mapper) throws SQLException {
        requireOrder();
        List<ShardCursor> cursors = new ArrayList<>();
        PriorityQueue<ShardCursor> heads = new PriorityQueue<>(
            Comparator.comparing(ShardCursor::sortKey, this::compare));
        try {
            for (int i = 0; i < shards.size(); i++) {
                ShardCursor c = new ShardCursor(this, shards.get(i), owner(strategy, i));
                cursors.add(c);
                if (c.advance()) {
                    heads.add(c);
                }
            }
            List<T> page = new ArrayList<>(Math.min(limit, 1024));
            long skipped = 0;
            while (!heads.isEmpty() && page.size() < limit) {
                ShardCursor next = heads.poll();
                if (skipped < offset) {
                    skipped++;
                } else {
                    page.add(mapper.map(next.rows()));
                }
                if (next.advance()) {
                    heads.add(next);
                }
            }
            return page;
        } finally {
            SQLException failure = null;
            for (ShardCursor c : cursors) {
                try {
                    c.close();
                } catch (SQLException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Which rows shard {@code shard} owns: all of them unless a shard key is declared. */
    private ShardCursor.Owner owner(ShardStrategy strategy, int shard) {
        String column = shardKey;
        if (column == null) {
            return ShardCursor.Owner.ALL;
        }
        return row -> strategy.shardOf(RowSql.key(row.getObject(column))) == shard;
    }

    /** The rows each shard must give, at most, for the page. */
    long needed() {
        return offset + limit;
    }

    Object[] params() {
        return params.clone();
    }

    int fetchSize() {
        return FETCH_SIZE;
    }

    /** The sort key of a shard's current row. */
    @Nullable Object[] sortKey(ResultSet r) throws SQLException {
        Object[] key = new Object[keys.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = r.getObject(keys.get(i).column());
        }
        return key;
    }

    private int compare(@Nullable Object[] a, @Nullable Object[] b) {
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            Object x = a[i];
            Object y = b[i];
            int c;
            if (x == null || y == null) {
                c = x == null && y == null ? 0 : x == null ? 1 : -1;
                c = k.direction() == Direction.ASC ? c : -c;
            } else {
                c = compareValues(k, x, y);
                c = k.direction() == Direction.ASC ? c : -c;
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Key k, Object x, Object y) {
        if (x instanceof String s && y instanceof String t) {
            if (!k.text()) {
                throw new IllegalStateException("sort column " + k.column() + " is text: declare it with "
                    + "orderByText, so every shard sorts it byte-wise");
            }
            return compareCodePoints(s, t);
        }
        if (x instanceof Comparable cx && x.getClass() == y.getClass()) {
            return cx.compareTo(y);
        }
        throw new IllegalStateException("sort column " + k.column() + ": cannot compare " + x.getClass().getName()
            + " with " + y.getClass().getName());
    }

    private static int compareCodePoints(String s, String t) {
        int i = 0;
        int j = 0;
        while (i < s.length() && j < t.length()) {
            int a = s.codePointAt(i);
            int b = t.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(s.length() - i, t.length() - j);
    }
}
