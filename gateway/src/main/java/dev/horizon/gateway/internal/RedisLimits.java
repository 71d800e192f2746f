package dev.horizon.gateway.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Redis connections of a data plane's global rate limits, one per {@code redis} URI, kept across reloads and
 * closed at shutdown. Lettuce's own I/O threads carry them (two: a decision is one small script call), so a global
 * decision never blocks an event loop of the gateway.
 */
final class RedisLimits implements AutoCloseable {

    private final Map<String, RedisGcra> byUri = new ConcurrentHashMap<>();
    private final GatewayClock clock;
    private volatile @org.jspecify.annotations.Nullable ClientResources resources;

    RedisLimits(GatewayClock clock) {
        this.clock = clock;
    }

    /** The connection to {@code uri}, opened (asynchronously) at the first ask. */
    RedisGcra of(String uri) {
        return byUri.computeIfAbsent(uri, u -> new RedisGcra(u, resources(), clock));
    }

    private synchronized ClientResources resources() {
        ClientResources r = resources;
        if (r == null) {
            r = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
            resources = r;
        }
        return r;
    }

    @Override
    public synchronized void close() {
        byUri.values().forEach(RedisGcra::close);
        byUri.clear();
        ClientResources r = resources;
        if (r != null) {
            r.shutdown(0, 1, TimeUnit.SECONDS);
            resources = null;
        }
    }
}
