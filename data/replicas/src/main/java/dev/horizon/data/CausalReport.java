package dev.horizon.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * The causal token a routing connection owes its causal scope: written by statements on the primary, reported once
 * per batch of writes when they are committed (at commit, when auto-commit writes end, when the connection closes).
 *
 * <p>The token is the primary's {@code pg_current_wal_insert_lsn()} read after the commit: one round trip per write
 * transaction, none per read. The writes are committed already, so a failure to read it is logged, not thrown: the
 * user's next read may then miss them on a replica, which is what a connection without a causal scope risks anyway.
 */
final class CausalReport {

    private static final System.Logger LOG = System.getLogger(CausalReport.class.getName());

    private final DataScope.@Nullable Causal causal;
    private boolean pending;

    CausalReport(DataScope.@Nullable Causal causal) {
        this.causal = causal;
    }

    /** A statement that may write ran on the primary. */
    void wrote() {
        pending = true;
    }

    /** The writes since the last report were rolled back: there is nothing to report. */
    void forget() {
        pending = false;
    }

    /** Reports the primary's position to the scope when writes are pending; does nothing otherwise. */
    void report(@Nullable Connection primary) {
        DataScope.Causal scope = causal;
        if (!pending || scope == null || primary == null) {
            return;
        }
        pending = false;
        try (Statement s = primary.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            r.next();
            scope.wrote(CausalToken.parse(r.getString(1)));
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not report a write's causal token; the next read may not "
                + "see it on a replica: " + e, e);
        }
    }
}
