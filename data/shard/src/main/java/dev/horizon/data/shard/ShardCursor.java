package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * One shard's sorted rows for a {@link ScatterQuery}, read in fetch batches inside a read-only transaction (PostgreSQL
 * streams then). Rows the shard does not own are skipped; when that happened, the shard is read on, window after
 * window ({@code LIMIT … OFFSET …} in one {@code REPEATABLE READ} snapshot), until it has given as many rows it owns
 * as the page can need or has no more.
 */
final class ShardCursor implements AutoCloseable {

    /** Which of a shard's rows it owns. */
    @FunctionalInterface
    interface Owner {
        /** Every row: no shard key declared. */
        Owner ALL = row -> true;

        boolean owns(ResultSet row) throws SQLException;
    }

    private final ScatterQuery query;
    private final Owner owner;
    private final Connection connection;
    private @Nullable PreparedStatement statement;
    private @Nullable ResultSet rows;
    private boolean exhausted;
    private long window;
    private long windowRead;
    private long read;
    private long owned;
    private @Nullable Object[] sortKey = new Object[0];

    ShardCursor(ScatterQuery query, DataSource shard, Owner owner) throws SQLException {
        this.query = query;
        this.owner = owner;
        this.connection = shard.getConnection();
        try {
            connection.setReadOnly(true);
            if (owner != Owner.ALL) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Moves to the next row this shard owns; false when there is none (or the page cannot need more). */
    boolean advance() throws SQLException {
        while (!exhausted) {
            ResultSet r = rows;
            if (r == null) {
                r = openWindow();
            }
            if (r.next()) {
                read++;
                windowRead++;
                if (owner.owns(r)) {
                    owned++;
                    sortKey = query.sortKey(r);
                    return true;
                }
                continue;
            }
            boolean more = windowRead == window && owned < query.needed();
            closeWindow();
            exhausted = !more;
        }
        return false;
    }

    private ResultSet openWindow() throws SQLException {
        window = query.needed() - owned;
        windowRead = 0;
        PreparedStatement p = connection.prepareStatement(query.shardSql(window, read));
        statement = p;
        p.setFetchSize(query.fetchSize());
        Object[] params = query.params();
        for (int i = 0; i < params.length; i++) {
            p.setObject(i + 1, params[i]);
        }
        ResultSet r = p.executeQuery();
        rows = r;
        return r;
    }

    private void closeWindow() throws SQLException {
        PreparedStatement p = statement;
        statement = null;
        rows = null;
        if (p != null) {
            p.close();
        }
    }

    @Nullable Object[] sortKey() {
        return sortKey;
    }

    ResultSet rows() {
        return Objects.requireNonNull(rows);
    }

    @Override
    public void close() throws SQLException {
        try {
            closeWindow();
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
