package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change capture on an old shard: an {@code AFTER INSERT OR UPDATE OR DELETE} row trigger on every sharded table logs
 * the primary key and shard key of each row written into {@code hz_reshard_log}, in the writer's own transaction — so
 * a write and its log entry commit or vanish together.
 *
 * <p>Entries are taken by deleting them ({@code DELETE … RETURNING}), oldest first, never by a "sequence above the
 * last one seen" cursor: sequence numbers are handed out at insert and become visible at commit, so a smaller one can
 * appear after a larger one was read.
 */
final class ChangeCapture {

    /** The log table on every old shard. */
    static final String LOG = "hz_reshard_log";

    /** The changes taken from one shard's log, by table: primary key (text) → shard key (text). */
    record Changes(Map<String, Map<String, String>> byTable, int size) {
        Map<String, String> of(Resharder.Table t) {
            return byTable.getOrDefault(t.name(), Map.of());
        }
    }

    private final List<Resharder.Table> tables;

    ChangeCapture(List<Resharder.Table> tables) {
        this.tables = List.copyOf(tables);
    }

    /** Creates the log and the trigger on every table (replacing a trigger left by an earlier run). */
    void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + LOG + " (seq BIGSERIAL PRIMARY KEY, tbl TEXT NOT NULL,"
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
            for (Resharder.Table t : tables) {
                s.execute("DROP TRIGGER IF EXISTS hz_reshard_capture ON " + t.name());
                s.execute("CREATE TRIGGER hz_reshard_capture AFTER INSERT OR UPDATE OR DELETE ON " + t.name()
                    + " FOR EACH ROW EXECUTE FUNCTION hz_reshard_capture('" + t.primaryKey() + "', '"
                    + t.keyColumn() + "')");
            }
        }
    }

    /** Drops the triggers, the log and the function; returns the statements run. */
    int remove(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Resharder.Table t : tables) {
                s.execute("DROP TRIGGER IF EXISTS hz_reshard_capture ON " + t.name());
            }
            s.execute("DROP TABLE IF EXISTS " + LOG);
            s.execute("DROP FUNCTION IF EXISTS hz_reshard_capture()");
        }
        return tables.size() + 2;
    }

    /** Takes (deletes and returns) at most {@code limit} of the oldest entries. */
    Changes take(Connection c, int limit) throws SQLException {
        Map<String, Map<String, String>> logged = new LinkedHashMap<>();
        int size = 0;
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + LOG + " WHERE seq IN (SELECT seq FROM " + LOG
                + " ORDER BY seq LIMIT ?) RETURNING tbl, pk, shard_key")) {
            p.setInt(1, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    logged.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
                        .put(r.getString(2), r.getString(3));
                    size++;
                }
            }
        }
        return new Changes(logged, size);
    }

    /** How many entries wait in the log. */
    long backlog(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + LOG)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The primary keys (text) of {@code t} waiting in the log, as the caller's transaction sees it. */
    List<String> pending(Connection c, Resharder.Table t) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT pk FROM " + LOG + " WHERE tbl = ?")) {
            p.setString(1, t.name());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    keys.add(r.getString(1));
                }
            }
        }
        return keys;
    }
}
