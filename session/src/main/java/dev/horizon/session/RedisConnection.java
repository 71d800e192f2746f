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

    private final String description;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final Duration timeout;
    private final AutoCloseable connection;
    private final Runnable shutdown;

    private RedisConnection(String description, RedisClusterAsyncCommands<String, String> commands, Duration timeout,
                            AutoCloseable connection, Runnable shutdown) {
        this.description = description;
        this.commands = commands;
        this.timeout = timeout;
        this.connection = connection;
        this.shutdown = shutdown;
    }

    static RedisConnection standalone(String uri, Duration timeout) {
        RedisURI parsed = parse(uri, timeout);
        RedisClient client = RedisClient.create(parsed);
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            return new RedisConnection("Redis at " + parsed.getHost() + ":" + parsed.getPort(), c.async(), timeout, c,
                client::shutdown);
        } catch (RedisException e) {
            client.shutdown();
            throw new SessionStoreException("session store: cannot connect to Redis at " + uri + ": "
                + e.getMessage(), e);
        }
    }

    static RedisConnection cluster(List<String> seeds, Duration timeout) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("Redis Cluster: no seed nodes given");
        }
        List<RedisURI> uris = new ArrayList<>();
        for (String s : seeds) {
            uris.add(parse(s, timeout));
        }
        RedisClusterClient client = RedisClusterClient.create(uris);
        try {
            StatefulRedisClusterConnection<String, String> c = client.connect();
            return new RedisConnection("Redis Cluster via " + seeds, c.async(), timeout, c, client::shutdown);
        } catch (RedisException e) {
            client.shutdown();
            throw new SessionStoreException("session store: cannot connect to Redis Cluster " + seeds + ": "
                + e.getMessage(), e);
        }
    }

    private static RedisURI parse(String uri, Duration timeout) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a Redis URI (expected: redis://host:port)", e);
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

    String description() {
        return description;
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
