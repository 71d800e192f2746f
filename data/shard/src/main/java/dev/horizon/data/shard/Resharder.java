package dev.horizon.data.shard;

import dev.horizon.data.DataScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Moves a {@link ShardRouter} online from N shards to N+1: copies the rows whose shard changes, catches up the writes
 * made meanwhile, verifies counts and checksums, and switches with a bounded write pause — or rolls everything back.
 *
 * <p>Steps, each reported to the progress consumer:
 * <ol>
 *   <li><b>capture</b>: a trigger on each table of each old shard logs the primary key of every row written from now
 *       on into {@code hz_reshard_log};</li>
 *   <li><b>copy</b>: each old shard's rows are streamed; those the new strategy places elsewhere are upserted
 *       there;</li>
 *   <li><b>catch up</b>: the logged rows are synced again (upserted where they now belong, removed from where they do
 *       not), until the log is nearly drained;</li>
 *   <li><b>switch</b>: the router stops starting transactions and waits for open ones; the old shards' tables are
 *       locked against writes from other processes ({@code LOCK … IN EXCLUSIVE MODE}, reads go on); the log is
 *       drained; every moved row's count and checksum (of its whole text) must match on both sides; the moved rows
 *       are deleted from their old shards, capture is removed, every shard commits at once (two-phase commit) and
 *       the router takes the new topology. If this does not fit in the maximum pause, or anything fails before the
 *       commit, nothing is switched;</li>
 *   <li><b>rollback</b> (on any failure): capture is removed and the copies are deleted, so the old shards are exactly
 *       as the application left them.</li>
 * </ol>
 *
 * <p>Requirements: the new shard has the same tables (same columns in the same order), empty; every shard allows
 * prepared transactions ({@code max_prepared_transactions > 0}); primary keys are unique
 * across all shards (UUIDs, or ids from one sequence); a row's shard key does not change. Writes from processes other
 * than this router's are paused by the table locks during the switch, but they keep the old topology afterwards:
 * restart them on the new one.
 */
public final class Resharder {

    /** A sharded table: its name, the shard key column and the primary key column. */
    public record Table(String name, String keyColumn, String primaryKey) {
        /** Checks the names are plain SQL names. */
        public Table {
            for (String n : List.of(name, keyColumn, primaryKey)) {
                if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("table " + name + ": '" + n
                        + "' (expected: a plain SQL name)");
                }
            }
        }
    }

    /**
     * What a finished resharding did.
     *
     * @param strategy  the router's strategy now
     * @param moved     rows moved, by table
     * @param caughtUp  logged writes synced after the copy
     * @param pause     how long the router's writes (and other processes' writes to the old shards) were paused
     */
    public record Report(ShardStrategy strategy, Map<String, Long> moved, long caughtUp, Duration pause) {}

    /** The steps, for progress and for tests that make one fail. */
    enum Step { CAPTURE, COPY, CATCH_UP, SWITCH }

    private static final int BATCH = 500;

    private final ShardRouter router;
    private final DataSource newShard;
    private final List<Table> tables;
    private ShardStrategy target;
    private Duration maxPause = Duration.ofSeconds(2);
    private Consumer<String> progress = line -> { };
    private @Nullable Step failAt;

    private Resharder(ShardRouter router, DataSource newShard, List<Table> tables) {
        this.router = router;
        this.newShard = newShard;
        this.tables = List.copyOf(tables);
        this.target = router.strategy().grow();
    }

    /** Reshards {@code router}'s {@code tables} onto one more shard, {@code newShard}. */
    public static Resharder of(ShardRouter router, DataSource newShard, List<Table> tables) {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(newShard, "newShard");
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("resharding needs at least one table");
        }
        return new Resharder(router, newShard, tables);
    }

    /** The strategy over N+1 shards (default: the router's strategy grown by one shard). */
    public Resharder target(ShardStrategy strategy) {
        if (strategy.shards() != router.strategy().shards() + 1) {
            throw new IllegalArgumentException("target strategy " + strategy + ": " + strategy.shards()
                + " shards (expected: " + (router.strategy().shards() + 1) + ")");
        }
        this.target = strategy;
        return this;
    }

    /** The longest write pause allowed for the switch (default 2 s); longer, and the resharding rolls back. */
    public Resharder maxPause(Duration pause) {
        if (pause.isNegative() || pause.isZero()) {
            throw new IllegalArgumentException("max pause: " + pause + " (expected: more than 0)");
        }
        this.maxPause = pause;
        return this;
    }

    /** Where progress lines go (default: nowhere). */
    public Resharder progress(Consumer<String> sink) {
        this.progress = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Makes the run fail at the start of {@code step}, to test the rollback. */
    Resharder failAt(Step step) {
        this.failAt = step;
        return this;
    }

    /**
     * Runs the resharding; on failure everything is rolled back and the exception says why. Every connection it takes
     * is taken inside {@link DataScope#primary()}: a shard that is a {@link dev.horizon.data.RoutingDataSource} would
     * otherwise serve the copy's and the verification's reads from a replica that may lag, and miss rows.
     */
    public Report run() throws SQLException, InterruptedException {
        try (DataScope primary = DataScope.primary()) {
            return runOnPrimaries();
        }
    }

    private Report runOnPrimaries() throws SQLException, InterruptedException {
        ShardStrategy from = router.strategy();
        List<DataSource> old = router.shards();
        List<DataSource> all = new ArrayList<>(old);
        all.add(newShard);
        Plan plan = new Plan(from, target, old, all);
        try {
            step(Step.CAPTURE, "capture: logging writes on " + old.size() + " shard(s)");
            checkNewShard(plan);
            for (DataSource s : old) {
                installCapture(s);
            }
            step(Step.COPY, "copy: " + from + " -> " + target);
            Map<String, Long> moved = new LinkedHashMap<>();
            for (Table t : tables) {
                moved.put(t.name(), 0L);
                for (int s = 0; s < old.size(); s++) {
                    moved.merge(t.name(), copy(plan, t, s), Long::sum);
                }
                progress.accept("copy: " + t.name() + ": " + moved.get(t.name()) + " row(s) to move");
            }
            step(Step.CATCH_UP, "catch up: syncing writes made during the copy");
            long caughtUp = 0;
            long round = Long.MAX_VALUE;
            int rounds = 0;
            int notShrinking = 0;
            while (round > 100 && rounds < 50 && notShrinking < 3) {
                long previous = round;
                round = 0;
                for (int s = 0; s < old.size(); s++) {
                    round += catchUp(plan, s, null);
                }
                caughtUp += round;
                rounds++;
                notShrinking = round >= previous ? notShrinking + 1 : 0;
                progress.accept("catch up: " + round + " write(s) synced");
            }
            step(Step.SWITCH, "switch: pausing writes (at most " + maxPause.toMillis() + " ms)");
            long started = System.nanoTime();
            long[] finalRound = new long[1];
            List<SQLException> unfinished = new ArrayList<>();
            boolean switched = router.pauseAndSwitch(maxPause, current -> {
                finalRound[0] = switchOver(plan, unfinished);
                return new ShardRouter.Topology(target, all);
            });
            if (!switched) {
                throw new SQLException("open transactions did not finish within the maximum pause of "
                    + maxPause.toMillis() + " ms", "55P03");
            }
            Duration pause = Duration.ofNanos(System.nanoTime() - started);
            progress.accept("switch: done in " + pause.toMillis() + " ms; the router uses " + target);
            if (!unfinished.isEmpty()) {
                throw new SwitchedException(unfinished.getFirst());
            }
            return new Report(target, moved, caughtUp + finalRound[0], pause);
        } catch (SwitchedException e) {
            progress.accept("switched, but: " + e.getMessage());
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw e;
        } catch (SQLException | RuntimeException | InterruptedException e) {
            progress.accept("failed: " + e.getMessage() + "; rolling back");
            rollBack(plan);
            progress.accept("rolled back: the old shards are as they were");
            throw e;
        }
    }

    /** The switch committed on some shards and is prepared on the others: never roll back then. */
    private static final class SwitchedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SwitchedException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void step(Step step, String line) throws SQLException {
        progress.accept(line);
        if (step == failAt) {
            throw new SQLException("forced failure at " + step);
        }
    }

    /** Which shard a row was on and goes to. */
    private record Plan(ShardStrategy from, ShardStrategy to, List<DataSource> old, List<DataSource> all) {}

    private void checkNewShard(Plan plan) throws SQLException {
        for (int i = 0; i < plan.all().size(); i++) {
            try (Connection c = plan.all().get(i).getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SHOW max_prepared_transactions")) {
                r.next();
                if (Integer.parseInt(r.getString(1)) < 1) {
                    throw new SQLException("shard " + i + " has max_prepared_transactions = 0: the switch commits "
                        + "every shard at once with two-phase commit; set it to at least 1 (a restart is needed)");
                }
            }
        }
        try (Connection c = newShard.getConnection(); Statement s = c.createStatement()) {
            for (Table t : tables) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + t.name())) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        throw new SQLException("the new shard's table " + t.name() + " has " + r.getLong(1)
                            + " row(s) (expected: empty)");
                    }
                }
            }
        }
    }

    private void installCapture(DataSource shard) throws SQLException {
        try (Connection c = shard.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS hz_reshard_log (seq BIGSERIAL PRIMARY KEY, tbl TEXT NOT NULL,"
                + " pk TEXT NOT NULL, shard_key TEXT NOT NULL)");
            s.execute("""
                CREATE OR REPLACE FUNCTION hz_reshard_capture() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    INSERT INTO hz_reshard_log (tbl, pk, shard_key)
                      VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1]);
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO hz_reshard_log (tbl, pk, shard_key)
                      VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1]);
                  END IF;
                  RETURN NULL;
                END $$""");
            for (Table t : tables) {
                s.execute("DROP TRIGGER IF EXISTS hz_reshard_capture ON " + t.name());
                s.execute("CREATE TRIGGER hz_reshard_capture AFTER INSERT OR UPDATE OR DELETE ON " + t.name()
                    + " FOR EACH ROW EXECUTE FUNCTION hz_reshard_capture('" + t.primaryKey() + "', '"
                    + t.keyColumn() + "')");
            }
        }
    }

    private void removeCapture(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table t : tables) {
                s.execute("DROP TRIGGER IF EXISTS hz_reshard_capture ON " + t.name());
            }
            s.execute("DROP TABLE IF EXISTS hz_reshard_log");
            s.execute("DROP FUNCTION IF EXISTS hz_reshard_capture()");
        }
    }

    /** Streams shard {@code s}'s rows of {@code t}, upserting those that move; returns how many move. */
    private long copy(Plan plan, Table t, int s) throws SQLException {
        long moved = 0;
        Map<Integer, Connection> targets = new HashMap<>();
        try (Connection source = plan.old().get(s).getConnection()) {
            source.setAutoCommit(false);
            try (PreparedStatement p = source.prepareStatement("SELECT * FROM " + t.name())) {
                p.setFetchSize(BATCH);
                try (ResultSet r = p.executeQuery()) {
                    Map<Integer, PreparedStatement> upserts = new HashMap<>();
                    while (r.next()) {
                        int to = plan.to().shardOf(key(r.getObject(t.keyColumn())));
                        if (to == s) {
                            continue;
                        }
                        Connection tc = targets.computeIfAbsent(to, i -> open(plan.all().get(i)));
                        PreparedStatement up = upserts.get(to);
                        if (up == null) {
                            up = tc.prepareStatement(upsertSql(t, r.getMetaData()));
                            upserts.put(to, up);
                        }
                        bind(up, r);
                        up.addBatch();
                        if (++moved % BATCH == 0) {
                            for (PreparedStatement u : upserts.values()) {
                                u.executeBatch();
                            }
                            progress.accept("copy: " + t.name() + " on shard " + s + ": " + moved + " row(s)");
                        }
                    }
                    for (PreparedStatement u : upserts.values()) {
                        u.executeBatch();
                        u.close();
                    }
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

    private static Connection open(DataSource ds) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to a shard: " + e.getMessage(), e);
        }
    }

    /**
     * Syncs (and removes) the rows logged on shard {@code s}, in batches. With {@code locked} (the switch's
     * transactions, one per shard) it works inside them; otherwise on one fresh auto-commit connection per shard.
     */
    private long catchUp(Plan plan, int s, @Nullable List<Connection> locked) throws SQLException {
        List<Connection> connections = locked != null ? locked : new ArrayList<>();
        try {
            if (locked == null) {
                for (DataSource ds : plan.all()) {
                    connections.add(ds.getConnection());
                }
            }
            Map<String, Map<String, String>> logged = new LinkedHashMap<>();
            // Taken by deleting, not by a "seq > last seen" cursor: sequence numbers are handed out at insert and
            // become visible at commit, so a smaller one can appear after a larger one was read.
            try (PreparedStatement p = connections.get(s).prepareStatement("DELETE FROM hz_reshard_log WHERE seq IN"
                    + " (SELECT seq FROM hz_reshard_log ORDER BY seq LIMIT 5000) RETURNING tbl, pk, shard_key");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    logged.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
                        .put(r.getString(2), r.getString(3));
                }
            }
            long synced = 0;
            for (Table t : tables) {
                Map<String, String> rows = logged.getOrDefault(t.name(), Map.of());
                if (!rows.isEmpty()) {
                    sync(plan, t, s, rows, connections);
                    synced += rows.size();
                }
            }
            return synced;
        } finally {
            if (locked == null) {
                for (Connection c : connections) {
                    c.close();
                }
            }
        }
    }

    /**
     * Makes the logged rows ({@code primary key -> shard key}) of shard {@code s} exist exactly where the new strategy
     * puts them: a row still at {@code s} is upserted at its new shard; a row gone from {@code s} is deleted there.
     */
    private void sync(Plan plan, Table t, int s, Map<String, String> rows, List<Connection> connections)
            throws SQLException {
        Connection source = connections.get(s);
        String pkType = columnType(source, t, t.primaryKey());
        boolean numericKey = isWholeNumber(columnType(source, t, t.keyColumn()));
        Map<Integer, PreparedStatement> upserts = new HashMap<>();
        Map<Integer, List<String>> deletes = new HashMap<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        try (PreparedStatement p = source.prepareStatement("SELECT * FROM " + t.name() + " WHERE " + t.primaryKey()
            + " = ANY(CAST(? AS " + pkType + "[]))")) {
            p.setArray(1, source.createArrayOf("text", rows.keySet().toArray()));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    present.add(r.getString(t.primaryKey()));
                    int right = plan.to().shardOf(key(r.getObject(t.keyColumn())));
                    if (right != s) {
                        PreparedStatement up = upserts.get(right);
                        if (up == null) {
                            up = connections.get(right).prepareStatement(upsertSql(t, r.getMetaData()));
                            upserts.put(right, up);
                        }
                        bind(up, r);
                        up.addBatch();
                    }
                }
            }
            for (Map.Entry<Integer, PreparedStatement> e : upserts.entrySet()) {
                e.getValue().executeBatch();
                e.getValue().close();
            }
        }
        for (Map.Entry<String, String> row : rows.entrySet()) {
            if (!present.contains(row.getKey())) {
                Object k = numericKey ? (Object) Long.parseLong(row.getValue()) : row.getValue();
                int where = plan.to().shardOf(k);
                if (where != s) {
                    deletes.computeIfAbsent(where, i -> new ArrayList<>()).add(row.getKey());
                }
            }
        }
        for (Map.Entry<Integer, List<String>> e : deletes.entrySet()) {
            Connection c = connections.get(e.getKey());
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.name() + " WHERE " + t.primaryKey()
                + " = ANY(CAST(? AS " + pkType + "[]))")) {
                d.setArray(1, c.createArrayOf("text", e.getValue().toArray()));
                d.executeUpdate();
            }
        }
    }

    private static boolean isWholeNumber(String type) {
        return type.equals("bigint") || type.equals("integer") || type.equals("smallint");
    }

    private final Map<String, String> pkTypes = new HashMap<>();

    private String columnType(Connection c, Table t, String column) throws SQLException {
        String known = pkTypes.get(t.name() + "." + column);
        if (known != null) {
            return known;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            + " WHERE attrelid = CAST(? AS regclass) AND attname = ?")) {
            p.setString(1, t.name());
            p.setString(2, column);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("table " + t.name() + " has no column " + column);
                }
                pkTypes.put(t.name() + "." + column, r.getString(1));
                return r.getString(1);
            }
        }
    }

    /**
     * The switch, inside the router's pause: lock, drain, verify, delete the moved rows, remove capture, and commit
     * every shard at once with two-phase commit, so a failure leaves either nothing changed or everything durable.
     * A {@code COMMIT PREPARED} that fails after every shard prepared is added to {@code unfinished}: the data is safe
     * (the prepared transaction commits when an operator runs it), so the new topology is used and nothing is rolled
     * back.
     */
    private long switchOver(Plan plan, List<SQLException> unfinished) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        List<Integer> prepared = new ArrayList<>();
        String id = "hz_reshard_" + java.util.UUID.randomUUID().toString().replace("-", "");
        boolean done = false;
        try {
            for (DataSource ds : plan.all()) {
                Connection c = ds.getConnection();
                connections.add(c);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '" + maxPause.toMillis() + "ms'");
                }
            }
            for (int s = 0; s < plan.old().size(); s++) {
                try (Statement st = connections.get(s).createStatement()) {
                    for (Table t : tables) {
                        st.execute("LOCK TABLE " + t.name() + " IN EXCLUSIVE MODE");
                    }
                }
            }
            long drained = 0;
            for (int s = 0; s < plan.old().size(); s++) {
                long n;
                do {
                    n = catchUp(plan, s, connections);
                    drained += n;
                } while (n > 0);
            }
            for (Table t : tables) {
                verify(plan, t, connections);
            }
            for (int s = 0; s < plan.old().size(); s++) {
                for (Table t : tables) {
                    deleteMoved(plan, t, s, connections.get(s));
                }
                removeCapture(connections.get(s));
            }
            for (int i = 0; i < connections.size(); i++) {
                try (Statement st = connections.get(i).createStatement()) {
                    st.execute("PREPARE TRANSACTION '" + id + "_" + i + "'");
                }
                prepared.add(i);
            }
            done = true;
            for (int i = 0; i < connections.size(); i++) {
                try {
                    finishPrepared(connections.get(i), "COMMIT PREPARED '" + id + "_" + i + "'");
                } catch (SQLException e) {
                    unfinished.add(new SQLException("shard " + i + " did not commit its prepared transaction; "
                        + "run COMMIT PREPARED '" + id + "_" + i + "' on it (its tables stay locked until then): "
                        + e.getMessage(), e.getSQLState(), e));
                }
            }
            return drained;
        } finally {
            for (int i = 0; i < connections.size(); i++) {
                Connection c = connections.get(i);
                if (!done) {
                    try {
                        if (prepared.contains(i)) {
                            finishPrepared(c, "ROLLBACK PREPARED '" + id + "_" + i + "'");
                        } else {
                            c.rollback();
                        }
                    } catch (SQLException ignored) {
                        // the rollback step cleans up what this left
                    }
                }
                c.close();
            }
        }
    }

    private static void finishPrepared(Connection c, String sql) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Counts and checksums of the moved rows must be equal at their old and their new shard, pair by pair. */
    private void verify(Plan plan, Table t, List<Connection> connections) throws SQLException {
        Map<String, long[]> left = new HashMap<>();
        Map<String, long[]> right = new HashMap<>();
        for (int i = 0; i < plan.all().size(); i++) {
            try (PreparedStatement p = connections.get(i).prepareStatement("SELECT x::text, x." + t.keyColumn()
                + " FROM " + t.name() + " x")) {
                p.setFetchSize(BATCH);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Object k = key(r.getObject(2));
                        int to = plan.to().shardOf(k);
                        boolean oldShard = i < plan.old().size();
                        int from = plan.from().shardOf(k);
                        if (oldShard && from == i && to != i) {
                            add(left, i + "->" + to, r.getString(1));
                        } else if (to == i && from != i) {
                            add(right, from + "->" + i, r.getString(1));
                        }
                    }
                }
            }
        }
        for (String pair : union(left, right)) {
            long[] a = left.getOrDefault(pair, new long[2]);
            long[] b = right.getOrDefault(pair, new long[2]);
            if (a[0] != b[0] || a[1] != b[1]) {
                throw new SQLException("verification failed for " + t.name() + " shard " + pair + ": " + a[0]
                    + " row(s) to move, " + b[0] + " arrived" + (a[0] == b[0] ? " with a different checksum" : ""));
            }
        }
        progress.accept("verify: " + t.name() + ": counts and checksums match");
    }

    private static Set<String> union(Map<String, long[]> a, Map<String, long[]> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static void add(Map<String, long[]> sums, String pair, String row) {
        long[] s = sums.computeIfAbsent(pair, k -> new long[2]);
        s[0]++;
        s[1] += dev.horizon.balance.HashKey.of(row);
    }

    private void deleteMoved(Plan plan, Table t, int s, Connection c) throws SQLException {
        List<Object> doomed = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + t.primaryKey() + ", " + t.keyColumn() + " FROM "
            + t.name())) {
            p.setFetchSize(BATCH);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    if (plan.to().shardOf(key(r.getObject(2))) != s) {
                        doomed.add(r.getObject(1));
                    }
                }
            }
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.name() + " WHERE " + t.primaryKey()
            + " = ?")) {
            for (Object pk : doomed) {
                d.setObject(1, pk);
                d.addBatch();
            }
            d.executeBatch();
        }
    }

    /** Removes capture and every copy, so the old shards hold exactly their own rows again. */
    private void rollBack(Plan plan) {
        for (int i = 0; i < plan.all().size(); i++) {
            try (Connection c = plan.all().get(i).getConnection()) {
                if (i < plan.old().size()) {
                    removeCapture(c);
                }
                for (Table t : tables) {
                    List<Object> copies = new ArrayList<>();
                    try (PreparedStatement p = c.prepareStatement("SELECT " + t.primaryKey() + ", " + t.keyColumn()
                        + " FROM " + t.name())) {
                        try (ResultSet r = p.executeQuery()) {
                            while (r.next()) {
                                if (i >= plan.old().size() || plan.from().shardOf(key(r.getObject(2))) != i) {
                                    copies.add(r.getObject(1));
                                }
                            }
                        }
                    }
                    try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.name() + " WHERE "
                        + t.primaryKey() + " = ?")) {
                        for (Object pk : copies) {
                            d.setObject(1, pk);
                            d.addBatch();
                        }
                        d.executeBatch();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                progress.accept("rollback: shard " + i + ": " + e.getMessage() + " (clean it by hand)");
            }
        }
    }

    private static String upsertSql(Table t, ResultSetMetaData meta) throws SQLException {
        StringBuilder cols = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String col = meta.getColumnName(i);
            cols.append(i > 1 ? ", " : "").append(col);
            marks.append(i > 1 ? ", " : "").append('?');
            sets.append(i > 1 ? ", " : "").append(col).append(" = EXCLUDED.").append(col);
        }
        return "INSERT INTO " + t.name() + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + t.primaryKey()
            + ") DO UPDATE SET " + sets;
    }

    private static void bind(PreparedStatement p, ResultSet r) throws SQLException {
        int n = r.getMetaData().getColumnCount();
        for (int i = 1; i <= n; i++) {
            p.setObject(i, r.getObject(i));
        }
    }

    /** A shard key as the strategies take it: whole numbers as {@code Long}, everything else as text. */
    static Object key(@Nullable Object value) {
        if (value == null) {
            throw new IllegalStateException("a row has no shard key");
        }
        return value instanceof Integer || value instanceof Short ? ((Number) value).longValue()
            : value instanceof Long ? value : value.toString();
    }
}
