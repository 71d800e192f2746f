package dev.horizon.gateway.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A Lettuce client to the Redis a global rate limit names: one server ({@code redis://host:port[/db]}) or a Redis
 * Cluster by its seed nodes ({@code redis-cluster://host:port,host:port,...}). Either way its connections offer the
 * commands both kinds share, so {@link RedisGcra} is written once.
 *
 * <p>Implementation notes. Both reject commands at once while disconnected (no queue to replay at the reconnect) and
 * connect within a second. The Cluster client refreshes its slot map when Redis answers {@code MOVED}/{@code ASK} or a
 * node disconnects (Lettuce's adaptive refresh triggers), so a resharded or failed-over Cluster is followed without
 * a restart.
 */
final class RedisLink {

    /** The scheme of a Redis Cluster's seed list. */
    static final String CLUSTER = "redis-cluster://";
    private static final Duration CONNECT = Duration.ofSeconds(1);

    /** An open connection and its commands. */
    record Open(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {
    }

    private final AbstractRedisClient client;
    private final Supplier<CompletableFuture<Open>> connector;

    private RedisLink(AbstractRedisClient client, Supplier<CompletableFuture<Open>> connector) {
        this.client = client;
        this.connector = connector;
    }

    /** A client for {@code uri}; connects nothing yet. */
    static RedisLink of(String uri, ClientResources resources) {
        SocketOptions socket = SocketOptions.builder().connectTimeout(CONNECT).build();
        if (uri.startsWith(CLUSTER)) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, seeds(uri));
            cluster.setOptions(ClusterClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                    .build())
                .build());
            // the slot map first: an asynchronous connect does not load it (Lettuce's "Partitions not initialized")
            return new RedisLink(cluster, () -> cluster.refreshPartitionsAsync().toCompletableFuture()
                .thenCompose(loaded -> cluster.connectAsync(StringCodec.UTF8)).thenApply(c -> new Open(c, c.async())));
        }
        RedisURI one = RedisURI.create(uri);
        one.setTimeout(CONNECT);
        RedisClient single = RedisClient.create(resources, one);
        single.setOptions(ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socket)
            .build());
        return new RedisLink(single, () -> single.connectAsync(StringCodec.UTF8, one).toCompletableFuture()
            .thenApply(c -> new Open(c, c.async())));
    }

    /** The seed nodes of {@code redis-cluster://a:7000,b:7001} as {@code redis://} URIs. */
    static List<RedisURI> seeds(String uri) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : uri.substring(CLUSTER.length()).split(",", -1)) {
            RedisURI seed = RedisURI.create("redis://" + hostPort.trim());
            seed.setTimeout(CONNECT);
            seeds.add(seed);
        }
        return seeds;
    }

    /** Connects, asynchronously. */
    CompletableFuture<Open> connect() {
        return connector.get();
    }

    /** Closes the client and its resources of its own (not the shared {@link ClientResources}). */
    void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
