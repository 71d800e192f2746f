package dev.horizon.localdb;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away PostgreSQL from the system's binaries ({@code /usr/lib/postgresql/VERSION/bin}): initdb into a
 * temporary directory, started on a free loopback port with trust authentication, stopped and deleted on close.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user (runuser). {@link #replica()}
 * adds a streaming replica ({@code pg_basebackup -R}). {@code horizon demo --postgres} runs the shop on a primary
 * with two replicas made this way; the tests get the same servers through {@code horizon-testing}.
 */
public final class LocalPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    /** Starts a new primary. */
    public static LocalPostgres primary() throws IOException, InterruptedException {
        return new LocalPostgres(null);
    }

    private LocalPostgres(@Nullable LocalPostgres primary) throws IOException, InterruptedException {
        this.bin = binaries();
        this.dir = Files.createTempDirectory("horizon-pg", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwxr-xr-x")));
        this.data = dir.resolve("data");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        if (primary == null) {
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-sync"), true);
        } else {
            run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(primary.port), "-U", "postgres", "-D", data.toString(), "-R", "-X", "stream",
                "--no-sync"), true);
        }
        start();
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public void start() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-l",
            dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c full_page_writes=off -c max_prepared_transactions=20"
                + " -c max_connections=200", "start"), true);
        running = true;
    }

    /** Stops the server the fast way (clients are disconnected); {@link #start()} brings it back. */
    public void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
        running = false;
    }

    /**
     * Sets a server parameter in {@code postgresql.auto.conf} and reloads the configuration, as {@code ALTER SYSTEM}
     * would (which a standby refuses). For example {@code set("recovery_min_apply_delay", "3s")} on a replica.
     */
    public void set(String parameter, String value) throws IOException, InterruptedException {
        Files.writeString(data.resolve("postgresql.auto.conf"), parameter + " = '" + value + "'\n",
            StandardOpenOption.APPEND);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "reload"), true);
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** A streaming replica of this server (a base backup with {@code -R}), started on its own port. */
    public LocalPostgres replica() throws IOException, InterruptedException {
        return new LocalPostgres(this);
    }

    /** The JDBC URL of the {@code postgres} database, user {@code postgres}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** The same as a {@code postgresql://} URL. */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .max(Comparator.comparing(v -> Integer.parseInt("0" + v.getFileName().toString()
                    .replaceAll("\\D", ""))))
                .map(v -> v.resolve("bin")).orElseThrow(() -> new IOException("no PostgreSQL under "
                    + "/usr/lib/postgresql (apt-get install postgresql)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (asPostgres && isRoot()) {
            argv.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (running) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop"), true);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
