package dev.horizon.showcase;

import dev.horizon.localdb.LocalPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;

/**
 * The database the shop's instances share: a PostgreSQL the user names with {@code --postgres}, or else H2 in server
 * mode run inside this process (loopback only, files in the demo's state directory), so it works on a machine with
 * nothing installed and stops with the demo.
 */
final class DemoDatabase implements AutoCloseable {

    /** The embedded database's user (H2 upper-cases it). */
    static final String H2_USER = "shop";

    private final String jdbcUrl;
    private final @Nullable String user;
    private final @Nullable String password;
    private final @Nullable Server embedded;
    private final List<LocalPostgres> cluster;

    private DemoDatabase(String jdbcUrl, @Nullable String user, @Nullable String password, @Nullable Server embedded,
                         List<LocalPostgres> cluster) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.cluster = cluster;
    }

    /**
     * Starts a throw-away PostgreSQL primary and two streaming replicas from the system's binaries (as the tests do),
     * deleted when the demo stops.
     */
    static DemoDatabase localCluster() {
        List<LocalPostgres> servers = new ArrayList<>();
        try {
            LocalPostgres primary = LocalPostgres.primary();
            servers.add(primary);
            servers.add(primary.replica());
            servers.add(primary.replica());
        } catch (IOException e) {
            closeAll(servers);
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage()
                + " (install the postgresql package, or give --postgres URL of a running one)", e);
        } catch (InterruptedException e) {
            closeAll(servers);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
        return new DemoDatabase(servers.get(0).jdbcUrl(), null, null, null, List.copyOf(servers));
    }

    private static void closeAll(List<LocalPostgres> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (IOException | InterruptedException | RuntimeException e) {
                // best effort: the server's directory is temporary
            }
        }
    }

    /**
     * Starts H2 on a free loopback port with its files under {@code dir}, only the user's (0600 in 0700), behind a
     * password. The port is open to every local user, so: the database is created here, in-process, with user
     * {@value #H2_USER} and a random password kept in {@code dir/password} (0600; a database an earlier version made
     * without one gets the user added); the TCP server then opens only existing databases (no {@code -ifNotExists},
     * which would let anyone create one and run Java in it with {@code CREATE ALIAS}), and its shutdown takes the
     * password too.
     */
    static DemoDatabase embedded(Path dir) throws SQLException, IOException {
        PrivateFiles.ownDirectory(dir);
        PrivateFiles.reserve(dir.resolve("shop.mv.db"));
        String password = password(dir.resolve("password"));
        String local = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("shop");
        try (Connection c = DriverManager.getConnection(local, H2_USER, password)) {
            c.isValid(1);
        } catch (SQLException wrongUser) {
            // made by an earlier version, whose admin was the empty user without a password
            try (Connection c = DriverManager.getConnection(local, "", "");
                 PreparedStatement s = c.prepareStatement("CREATE USER IF NOT EXISTS " + H2_USER
                     + " PASSWORD ? ADMIN")) {
                s.setString(1, password);
                s.execute();
            } catch (SQLException e) {
                e.addSuppressed(wrongUser);
                throw e;
            }
        }
        Server server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toAbsolutePath().toString(),
            "-tcpPassword", password).start();
        return new DemoDatabase("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/shop", H2_USER, password, server,
            List.of());
    }

    /** The embedded database's password: the one in {@code file}, or a new random one written there (0600). */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PrivateFiles.write(file, fresh + "\n");
        return fresh;
    }

    /**
     * A PostgreSQL from {@code postgresql://user:password@host:port/db} (also {@code postgres://}) or a JDBC URL
     * {@code jdbc:postgresql://...}.
     */
    static DemoDatabase postgres(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DemoDatabase(url, null, null, null, List.of());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--postgres: '" + url + "' is not a URL: " + e.getReason());
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--postgres: '" + url
                + "' (expected: postgresql://user:password@host:port/database or jdbc:postgresql://...)");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new DemoDatabase(jdbc, user, password, null, List.of());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** A connection as the shop makes one: with the database's user and password when it has them. */
    Connection connect() throws SQLException {
        return user == null ? DriverManager.getConnection(jdbcUrl)
            : DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** What to show the user: the URL without a password. */
    String describe() {
        return (embedded != null ? "H2 (embedded) " : "PostgreSQL ") + jdbcUrl + (user == null ? "" : " as " + user)
            + (cluster.size() > 1 ? " with " + (cluster.size() - 1) + " streaming replicas" : "");
    }

    /** The environment the shop reads its database settings from. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DEMO_DB", jdbcUrl);
        if (user != null) {
            env.put("DEMO_DB_USER", user);
        }
        if (password != null) {
            env.put("DEMO_DB_PASSWORD", password);
        }
        if (cluster.size() > 1) {
            env.put("DEMO_DB_REPLICAS", String.join(",", cluster.subList(1, cluster.size()).stream()
                .map(LocalPostgres::jdbcUrl).toList()));
        }
        return env;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.stop();
        }
        closeAll(cluster);
    }
}
