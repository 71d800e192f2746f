package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * What must hold before a resharding touches anything: every shard allows prepared transactions (the switch commits
 * them all at once), the new shard's tables are empty, and, for a shared topology, every old shard is on the router's
 * epoch (the new shard gets its guard table now, its row at the switch).
 */
final class Preflight {

    private Preflight() {}

    static void check(ReshardPlan plan, SwitchOver.@Nullable EpochMove move) throws SQLException {
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
        try (Connection c = plan.added().getConnection(); Statement s = c.createStatement()) {
            for (Resharder.Table t : plan.tables()) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + t.name())) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        throw new SQLException("the new shard's table " + t.name() + " has " + r.getLong(1)
                            + " row(s) (expected: empty)");
                    }
                }
            }
            if (move != null) {
                EpochGuard.createTable(c);
            }
        }
        if (move != null) {
            checkEpochs(plan, move);
        }
    }

    private static void checkEpochs(ReshardPlan plan, SwitchOver.EpochMove move) throws SQLException {
        for (int i = 0; i < plan.old().size(); i++) {
            try (Connection c = plan.old().get(i).getConnection()) {
                long[] found = EpochGuard.read(c, move.store().name());
                if (found[0] != move.from().epoch() || found[1] != i) {
                    throw new SQLException("shard " + i + " (" + move.from().shards().get(i) + ") is "
                        + (found[0] == 0 ? "in no epoch" : "shard " + found[1] + " of epoch " + found[0])
                        + " of topology '" + move.store().name() + "' (expected: shard " + i + " of epoch "
                        + move.from().epoch() + ")");
                }
            }
        }
    }
}
