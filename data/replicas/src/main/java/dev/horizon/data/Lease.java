package dev.horizon.data;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A physical connection a {@link RoutingConnection} holds for reads, and the replica it came from ({@code null} when
 * the reads fell back to the primary). Closing it returns the connection to its pool.
 */
record Lease(Connection connection, @Nullable Replica replica) {

    /** A lease on a replica's connection; counts the replica's in-flight work until closed. */
    static Lease on(Replica replica, Connection connection) {
        replica.endpoint().load().requestStarted();
        return new Lease(connection, replica);
    }

    /** A lease on a primary connection that serves reads because no replica could. */
    static Lease fallback(Connection connection) {
        return new Lease(connection, null);
    }

    void close() throws SQLException {
        if (replica != null) {
            replica.endpoint().load().requestFinished();
        }
        connection.close();
    }

    /** Closes without reporting, for a connection already known to be broken. */
    void discard() {
        try {
            close();
        } catch (SQLException ignored) {
            // it failed already; the pool evicts it
        }
    }
}
