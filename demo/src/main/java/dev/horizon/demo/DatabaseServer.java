package dev.horizon.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * H2 in server mode: the database the demo's instances share when no PostgreSQL is given. Listens on loopback only
 * and keeps its files in one directory.
 */
final class DatabaseServer implements AutoCloseable {

    private final Server server;

    private DatabaseServer(Server server) {
        this.server = server;
    }

    static DatabaseServer start(int port, Path dir) throws SQLException, java.io.IOException {
        Files.createDirectories(dir);
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir",
            dir.toAbsolutePath().toString(), "-ifNotExists").start();
        return new DatabaseServer(server);
    }

    /** The JDBC URL of the shop's database on this server. */
    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/shop";
    }

    @Override
    public void close() {
        server.stop();
    }
}
