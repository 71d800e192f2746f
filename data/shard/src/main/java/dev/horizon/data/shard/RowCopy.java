package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The copy step: streams each old shard's rows of a table in one snapshot (a read transaction with a fetch size, so
 * PostgreSQL streams through a cursor) and upserts, in batches, the rows the new strategy places elsewhere. Rows
 * written after the snapshot are logged by {@link ChangeCapture}, installed before, and applied by catch-up.
 */
final class RowCopy {

    static final int BATCH = 500;

    private final ReshardPlan plan;
    private final ReshardListener listener;

    RowCopy(ReshardPlan plan, ReshardListener listener) {
        this.plan = plan;
        this.listener = listener;
    }

    /** Copies every table's moving rows; returns how many rows move, by table. */
    Map<String, Long> run() throws SQLException {
        Map<String, Long> moved = new LinkedHashMap<>();
        for (Resharder.Table t : plan.tables()) {
            long rows = 0;
            for (int s = 0; s < plan.old().size(); s++) {
                rows += copy(t, s);
            }
            moved.put(t.name(), rows);
            listener.on(new ReshardEvent.TableCopied(t.name(), rows));
        }
        return moved;
    }

    /** Streams shard {@code s}'s rows of {@code t}, upserting those that move; returns how many move. */
    private long copy(Resharder.Table t, int s) throws SQLException {
        long moved = 0;
        Map<Integer, Connection> targets = new HashMap<>();
        Map<Integer, PreparedStatement> upserts = new HashMap<>();
        try (Connection source = plan.old().get(s).getConnection()) {
            source.setAutoCommit(false);
            try (PreparedStatement p = source.prepareStatement(RowSql.select(t, ""))) {
                p.setFetchSize(BATCH);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        if (!plan.movesOff(RowSql.key(r.getObject(t.keyColumn())), s)) {
                            continue;
                        }
                        int to = plan.to().shardOf(RowSql.key(r.getObject(t.keyColumn())));
                        PreparedStatement up = upserts.get(to);
                        if (up == null) {
                            Connection c = plan.all().get(to).getConnection();
                            targets.put(to, c);
                            up = c.prepareStatement(RowSql.upsert(t, r.getMetaData()));
                            upserts.put(to, up);
                        }
                        RowSql.bindRow(up, r);
                        up.addBatch();
                        if (++moved % BATCH == 0) {
                            flush(upserts);
                            listener.on(new ReshardEvent.Copied(t.name(), s, moved));
                        }
                    }
                    flush(upserts);
                }
            }
            source.rollback();
        } finally {
            for (Connection c : targets.values()) {
                c.close();
            }
        }
        return moved;
    }

    private static void flush(Map<Integer, PreparedStatement> upserts) throws SQLException {
        for (PreparedStatement u : upserts.values()) {
            u.executeBatch();
        }
    }
}
