package dev.horizon.data;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * One PostgreSQL server the data tier connects to — a primary or a replica — with the HikariCP pool it gets.
 *
 * @param name           how logs, errors and {@link ReplicaStatus} name it, for example {@code replica-1}
 * @param jdbcUrl        a {@code jdbc:postgresql:} URL
 * @param user           the user name, empty to take it from the URL
 * @param password       the password, empty for none
 * @param poolSize       the pool's maximum size, 1..1000 (default 10)
 * @param connectTimeout how long taking a connection may wait before it fails (default 2 s); a replica's failure makes
 *                       the read go elsewhere, so keep it short
 */
public record DataNode(String name, String jdbcUrl, String user, String password, int poolSize,
                       Duration connectTimeout) {

    /** Validates every component; messages name the bad value and what was expected. */
    public DataNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (name.isBlank()) {
            throw new IllegalArgumentException("data node name: must not be blank");
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("data node " + name + ": jdbc url: '" + jdbcUrl
                + "' (expected: jdbc:postgresql://HOST:PORT/DATABASE; lag tracking reads PostgreSQL's WAL positions)");
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("data node " + name + ": pool size: " + poolSize
                + " (expected: 1..1000)");
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("data node " + name + ": connect timeout: "
                + DurationText.format(connectTimeout) + " (expected: at least 250ms, HikariCP's floor)");
        }
    }

    /** A node with a pool of 10 and a 2 s connect timeout; user and password come from the URL. */
    public static DataNode of(String name, String jdbcUrl) {
        return new DataNode(name, jdbcUrl, "", "", 10, Duration.ofSeconds(2));
    }

    /** The same node with these credentials. */
    public DataNode withCredentials(String newUser, String newPassword) {
        return new DataNode(name, jdbcUrl, newUser, newPassword, poolSize, connectTimeout);
    }

    /** The same node with another pool size. */
    public DataNode withPoolSize(int size) {
        return new DataNode(name, jdbcUrl, user, password, size, connectTimeout);
    }

    /** The same node with another connect timeout. */
    public DataNode withConnectTimeout(Duration timeout) {
        return new DataNode(name, jdbcUrl, user, password, poolSize, timeout);
    }

    @Override
    public String toString() {
        return name + " (" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + ")";
    }
}
