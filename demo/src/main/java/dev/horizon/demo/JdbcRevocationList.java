package dev.horizon.demo;

import dev.horizon.data.DataScope;
import dev.horizon.session.RevocationList;
import dev.horizon.session.SessionStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JWT sessions' revocation list in the shop's own database, for a demo without Redis: logouts and id rotations
 * take effect on every instance. One query per check; rows are deleted once the tokens they name have expired.
 */
final class JdbcRevocationList implements RevocationList {

    private final DataSource db;
    private final AtomicInteger writes = new AtomicInteger();

    JdbcRevocationList(DataSource db) {
        this.db = db;
    }

    @Override
    public void revoke(String jti, Instant until) {
        update("revoke a session", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO revoked_sessions VALUES (?, ?)")) {
                p.setString(1, jti);
                p.setLong(2, until.toEpochMilli());
                p.executeUpdate();
            } catch (SQLException e) {
                if (!ShopData.isDuplicate(e)) {
                    throw e;
                }
            }
        });
    }

    @Override
    public void revokeUser(String user, Instant at, Instant until) {
        update("revoke a user's sessions", c -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                try (PreparedStatement p = c.prepareStatement("UPDATE revoked_users SET at_ms = GREATEST(at_ms, ?),"
                        + " until_ms = GREATEST(until_ms, ?) WHERE name = ?")) {
                    p.setLong(1, at.toEpochMilli());
                    p.setLong(2, until.toEpochMilli());
                    p.setString(3, user);
                    if (p.executeUpdate() > 0) {
                        return;
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO revoked_users VALUES (?, ?, ?)")) {
                    p.setString(1, user);
                    p.setLong(2, at.toEpochMilli());
                    p.setLong(3, until.toEpochMilli());
                    p.executeUpdate();
                    return;
                } catch (SQLException e) {
                    if (!ShopData.isDuplicate(e)) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public boolean isRevoked(String jti, @Nullable String user, Instant issuedAt) {
        // A revocation must hold at once on every instance, so it is never read from a replica that lags.
        try (DataScope primary = DataScope.primary(); Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT (SELECT COUNT(*) FROM revoked_sessions WHERE jti = ?),"
                 + " (SELECT MAX(at_ms) FROM revoked_users WHERE name = ?)")) {
            p.setString(1, jti);
            p.setString(2, user == null ? "" : user);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long revokedAt = r.getLong(2);
                boolean userRevoked = !r.wasNull() && issuedAt.toEpochMilli() <= revokedAt;
                return r.getLong(1) > 0 || userRevoked;
            }
        } catch (SQLException e) {
            throw new SessionStoreException("revocation list in the database: " + e.getMessage(), e);
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void update(String what, Work work) {
        try (Connection c = db.getConnection()) {
            work.run(c);
            if (writes.incrementAndGet() % 100 == 0) {
                long now = System.currentTimeMillis();
                for (String table : new String[] {"revoked_sessions", "revoked_users"}) {
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE until_ms < ?")) {
                        p.setLong(1, now);
                        p.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new SessionStoreException("revocation list in the database: cannot " + what + ": "
                + e.getMessage(), e);
        }
    }
}
