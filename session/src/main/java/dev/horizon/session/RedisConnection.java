package dev.horizon.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Lettuce connection to Redis, standalone or Cluster, behind the command interface both share, so the session
 * store is written once. Cluster connections route each key to its master and follow resharding.
 */
final class RedisConnection implements AutoCloseable {

    private final String role;
    private final String description;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final Duration timeout;
    private final AutoCloseable connection;
    private final Runnable shutdown;

    private RedisConnection(String role, String description, RedisClusterAsyncCommands<String, String> commands,
                            Duration timeout, AutoCloseable connection, Runnable shutdown) {
        this.role = role;
        this.description = description;
        this.commands = commands;
        this.timeout = timeout;
        this.connection = connection;
        this.shutdown = shutdown;
    }

    /** A connection to one Redis; {@code role} ("session store") starts every error message. */
    static RedisConnection standalone(String role, String uri, Duration timeout) {
        RedisURI parsed = parse(role, uri, timeout);
        RedisClient client = RedisClient.create(parsed);
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            return new RedisConnection(role, "Redis at " + parsed.getHost() + ":" + parsed.getPort(), c.async(),
                timeout, c, client::shutdown);
        } catch (RedisException e) {
            client.shutdown();
            throw new SessionStoreException(role + ": cannot connect to Redis at " + uri + ": "
                + e.getMessage(), e);
        }
    }

    /** A connection to a Redis Cluster through its seed nodes. */
    static RedisConnection cluster(String role, List<String> seeds, Duration timeout) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("Redis Cluster: no seed nodes given");
        }
        List<RedisURI> uris = new ArrayList<>();
        for (String s : seeds) {
            uris.add(parse(role, s, timeout));
        }
        RedisClusterClient client = RedisClusterClient.create(uris);
        try {
            StatefulRedisClusterConnection<String, String> c = client.connect();
            return new RedisConnection(role, "Redis Cluster via " + seeds, c.async(), timeout, c, client::shutdown);
        } catch (RedisException e) {
            client.shutdown();
            throw new SessionStoreException(role + ": cannot connect to Redis Cluster " + seeds + ": "
                + e.getMessage(), e);
        }
    }

    private static RedisURI parse(String role, String uri, Duration timeout) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(role + ": '" + uri
                + "' is not a Redis URI (expected: redis://host:port)", e);
        }
        parsed.setTimeout(timeout);
        return parsed;
    }

    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    Duration timeout() {
        return timeout;
    }

    /** What the connection serves and where, as error messages start: {@code session store (Redis at h:p)}. */
    String description() {
        return role + " (" + description + ")";
    }

    String role() {
        return role;
    }

    /** Whether Redis answers a PING within the command timeout. */
    boolean answers() {
        try {
            return "PONG".equals(RedisScript.result(this, commands.ping(), "ping"));
        } catch (SessionStoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // closing a connection that already failed; nothing to recover
        }
        shutdown.run();
    }
}
