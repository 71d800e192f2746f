package dev.horizon.data;

/** What a read does when no replica is usable (all lagging, down, or not yet measured). */
public enum NoReplica {
    /** Read from the primary (the default): slower, never stale. */
    PRIMARY,
    /** Fail with an {@link java.sql.SQLException} (SQL state {@code 08001}) that names each replica's state. */
    FAIL
}
