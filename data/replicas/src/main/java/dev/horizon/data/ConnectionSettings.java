package dev.horizon.data;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The settings a routing connection keeps for the physical connections it takes: isolation, holdability, schema and
 * catalog as the application set them (unset ones are left as the pool gives them), and auto-commit and read-only
 * from its {@link ConnectionState}. HikariCP resets what was changed when a connection returns to its pool, so
 * nothing set here reaches the pool's next user.
 */
final class ConnectionSettings {

    private static final int UNSET = -1;

    private int isolation = UNSET;
    private int holdability = UNSET;
    private @Nullable String schema;
    private @Nullable String catalog;

    /**
     * Applies every setting to a physical connection just taken. Read-only is applied to the primary only: a
     * replica's pool hands out read-only connections already.
     */
    void apply(Connection c, boolean primary, ConnectionState state) throws SQLException {
        if (c.getAutoCommit() != state.autoCommit()) {
            c.setAutoCommit(state.autoCommit());
        }
        if (primary && state.readOnly()) {
            c.setReadOnly(true);
        }
        if (isolation != UNSET) {
            c.setTransactionIsolation(isolation);
        }
        if (holdability != UNSET) {
            c.setHoldability(holdability);
        }
        if (schema != null) {
            c.setSchema(schema);
        }
        if (catalog != null) {
            c.setCatalog(catalog);
        }
    }

    /** The isolation level set, or {@code -1}. */
    int isolation() {
        return isolation;
    }

    void isolation(int level) {
        isolation = level;
    }

    /** The holdability set, or {@code -1}. */
    int holdability() {
        return holdability;
    }

    void holdability(int value) {
        holdability = value;
    }

    @Nullable String schema() {
        return schema;
    }

    void schema(String name) {
        schema = name;
    }

    @Nullable String catalog() {
        return catalog;
    }

    void catalog(String name) {
        catalog = name;
    }
}
