package dev.horizon.testing;

import dev.horizon.localdb.LocalPostgres;
import java.io.IOException;

/**
 * A throw-away PostgreSQL for tests: {@link LocalPostgres} (initdb from the system's binaries on a free loopback port,
 * deleted on close) under the name every module's tests use. {@link #replica()} adds a streaming replica;
 * {@link #stop()}, {@link #start()} and {@link #set} make outages and lag.
 */
public final class PostgresServer implements AutoCloseable {

    private final LocalPostgres server;

    /** Starts a new primary. */
    public PostgresServer() throws IOException, InterruptedException {
        this(LocalPostgres.primary());
    }

    private PostgresServer(LocalPostgres server) {
        this.server = server;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public void start() throws IOException, InterruptedException {
        server.start();
    }

    /** Stops the server the fast way (clients are disconnected); {@link #start()} brings it back. */
    public void stop() throws IOException, InterruptedException {
        server.stop();
    }

    /** Sets a server parameter and reloads the configuration: {@code set("recovery_min_apply_delay", "3s")}. */
    public void set(String parameter, String value) throws IOException, InterruptedException {
        server.set(parameter, value);
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return server.port();
    }

    /** A streaming replica of this server, started on its own port. */
    public PostgresServer replica() throws IOException, InterruptedException {
        return new PostgresServer(server.replica());
    }

    /** The JDBC URL of the {@code postgres} database, user {@code postgres}, no password. */
    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    /** The same as a {@code postgresql://} URL. */
    public String url() {
        return server.url();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
    }
}
