package dev.horizon.data.shard;

import dev.horizon.balance.HashKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verify step, before any lock: every moved row's count and checksum must match on its old and its new shard,
 * per pair of shards and per key range — {@link #RANGES} equal slices of the hash of the primary key — except the
 * rows whose writes are still logged, which the switch applies and verifies one by one under its locks.
 *
 * <p>Implementation notes. Writers keep writing while this runs, so the comparison must not see a half-applied
 * state. It opens a {@code REPEATABLE READ} snapshot on every old shard and reads, in it, the primary keys waiting in
 * that shard's capture log; it then scans each shard once in its snapshot. A moved row's copy was written by the
 * copy or by catch-up, which do not run now, and holds the source row as catch-up last read it; if the source row
 * changed since, its log entry was written in the same transaction, is not yet taken, and is in the snapshot's
 * pending set (changed before the snapshot) — or the snapshot still shows the old content (changed after). Either
 * way an unequal pair is a real difference. Checksums are sums of each row's text hash, so order does not matter;
 * comparing them per key range tells where a difference is, as anti-entropy repair compares hashes per token range
 * (Cassandra's Merkle trees) instead of one hash per table.
 */
final class RangeChecksums {

    /** How many key ranges the hash of the primary key is cut into: its top {@code RANGE_BITS} bits say which. */
    static final int RANGE_BITS = 6;
    static final int RANGES = 1 << RANGE_BITS;

    private final ReshardPlan plan;
    private final ChangeCapture capture;
    private final ReshardListener listener;

    RangeChecksums(ReshardPlan plan, ChangeCapture capture, ReshardListener listener) {
        this.plan = plan;
        this.capture = capture;
        this.listener = listener;
    }

    /** Count and checksum of the rows of one pair of shards in one key range. */
    private record Slot(int from, int to, int range) {}

    /** Verifies every table; returns the moved rows verified. */
    long run() throws SQLException {
        long total = 0;
        for (Resharder.Table t : plan.tables()) {
            long rows = verify(t);
            total += rows;
            listener.on(new ReshardEvent.TableVerified(t.name(), rows));
        }
        return total;
    }

    private long verify(Resharder.Table t) throws SQLException {
        List<Connection> snapshots = new ArrayList<>();
        try {
            List<Set<String>> pending = new ArrayList<>();
            for (int s = 0; s < plan.old().size(); s++) {
                Connection c = plan.old().get(s).getConnection();
                snapshots.add(c);
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                pending.add(new HashSet<>(capture.pending(c, t)));
            }
            Map<Slot, long[]> sent = new HashMap<>();
            Map<Slot, long[]> arrived = new HashMap<>();
            for (int s = 0; s < plan.old().size(); s++) {
                scan(t, s, snapshots.get(s), pending, sent, arrived);
            }
            try (Connection c = plan.added().getConnection()) {
                scan(t, plan.newShard(), c, pending, sent, arrived);
            }
            return compare(t, sent, arrived);
        } finally {
            for (Connection c : snapshots) {
                try (c) {
                    c.rollback();
                }
            }
        }
    }

    /** Adds shard {@code i}'s rows: those it sends to {@code sent}, those it received to {@code arrived}. */
    private void scan(Resharder.Table t, int i, Connection c, List<Set<String>> pending, Map<Slot, long[]> sent,
            Map<Slot, long[]> arrived) throws SQLException {
        boolean old = i < plan.old().size();
        try (PreparedStatement p = c.prepareStatement("SELECT x." + t.primaryKey() + "::text, x." + t.keyColumn()
            + ", x::text FROM " + t.name() + " x")) {
            p.setFetchSize(RowCopy.BATCH);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String pk = r.getString(1);
                    Object key = RowSql.key(r.getObject(2));
                    int from = plan.from().shardOf(key);
                    if (pending.get(from).contains(pk)) {
                        continue;
                    }
                    int range = (int) (HashKey.of(pk) >>> (Long.SIZE - RANGE_BITS));
                    if (old && from == i) {
                        int to = plan.to().shardOf(key);
                        if (to != i) {
                            add(sent, new Slot(i, to, range), r.getString(3));
                        }
                    } else if (from != i) {
                        add(arrived, new Slot(from, i, range), r.getString(3));
                    }
                }
            }
        }
    }

    private static void add(Map<Slot, long[]> sums, Slot slot, String row) {
        long[] s = sums.computeIfAbsent(slot, k -> new long[2]);
        s[0]++;
        s[1] += HashKey.of(row);
    }

    private long compare(Resharder.Table t, Map<Slot, long[]> sent, Map<Slot, long[]> arrived)
            throws SQLException {
        Set<Slot> slots = new LinkedHashSet<>(sent.keySet());
        slots.addAll(arrived.keySet());
        long rows = 0;
        for (Slot slot : slots) {
            long[] a = sent.getOrDefault(slot, new long[2]);
            long[] b = arrived.getOrDefault(slot, new long[2]);
            if (a[0] != b[0] || a[1] != b[1]) {
                throw new SQLException("verification failed for " + t.name() + ", shard " + slot.from() + " -> "
                    + slot.to() + ", key range " + slot.range() + " of " + RANGES + ": " + a[0] + " row(s) to move, "
                    + b[0] + " arrived" + (a[0] == b[0] ? " with a different checksum" : ""));
            }
            rows += a[0];
        }
        Map<Slot, Long> pairs = new TreeMap<>(Comparator.comparingInt(Slot::from).thenComparingInt(Slot::to));
        sent.forEach((slot, sum) -> pairs.merge(new Slot(slot.from(), slot.to(), 0), sum[0], Long::sum));
        for (Map.Entry<Slot, Long> pair : pairs.entrySet()) {
            listener.on(new ReshardEvent.PairVerified(t.name(), pair.getKey().from(), pair.getKey().to(),
                pair.getValue()));
        }
        return rows;
    }
}
