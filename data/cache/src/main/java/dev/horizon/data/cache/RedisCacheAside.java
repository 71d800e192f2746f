package dev.horizon.data.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.horizon.data.DataScope;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * {@link CacheAside} on Lettuce, with an optional Caffeine first level.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>Redis keeps {@code LOADMILLIS:PAYLOAD} under {@code hz:c:NAME:{KEY}}; a read is {@code GET} and {@code PTTL}
 *       pipelined (one round trip). XFetch (Vattani, Chierichetti and Lowenstein, "Optimal Probabilistic Cache
 *       Stampede Prevention", VLDB 2015) refreshes early when {@code loadMillis × β × −ln(U) ≥ remainingMillis}, U
 *       uniform in (0, 1]. The remaining time comes from Redis, so instances' clocks do not matter.</li>
 *   <li>Stale sets are prevented with leases, as in Facebook's memcache paper (NSDI 2013): a load first sets
 *       {@code …:lease} to a random token, and stores its value only if the lease still holds that token (one Lua
 *       script). An invalidation deletes the value and replaces the lease, so a load that read the database before
 *       the write cannot store what it read.</li>
 *   <li>A load that starts after the invalidation can still read a replica that has not replayed the write. So the
 *       invalidation leaves the lease {@code HELD} for a hold (about a replica's tolerated lag, like the "remote
 *       markers" of the same paper): within it a load cannot take the lease, reads under {@code DataScope.primary()}
 *       and keeps nothing.</li>
 *   <li>The first level has the same problem in-process: every invalidation of a key bumps one of 1,024 striped
 *       counters, and a load installs its value in the first level only if its key's counter did not move.</li>
 *   <li>Invalidations travel on the pub/sub channel {@code hz:c:NAME:invalidate}; a reconnect of the subscription may
 *       have missed some, so it clears the first level.</li>
 * </ul>
 */
final class RedisCacheAside<V> implements CacheAside<V> {

    private static final String STORE = """
        if redis.call('GET', KEYS[2]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          redis.call('DEL', KEYS[2])
          return 1
        end
        return 0""";
    private static final String LEASE = """
        if redis.call('GET', KEYS[1]) == ARGV[3] then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1""";
    private static final String INVALIDATE = """
        redis.call('DEL', KEYS[1])
        if ARGV[1] == '0' then
          redis.call('DEL', KEYS[2])
        else
          redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[1])
        end
        return 1""";
    /** The lease value an invalidation leaves for the hold: no random token equals it. */
    private static final String HELD = "!held";
    private static final int STRIPES = 1024;

    private final String prefix;
    private final String channel;
    private final ValueCodec<V> codec;
    private final long ttlMillis;
    private final long holdMillis;
    private final double beta;
    private final Duration timeout;
    private final Supplier<? extends RandomGenerator> random;
    private final @Nullable Cache<String, V> local;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final ConcurrentHashMap<String, CompletableFuture<@Nullable V>> loading = new ConcurrentHashMap<>();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final LongAdder localHits = new LongAdder();
    private final LongAdder redisHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder earlyRefreshes = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder redisErrors = new LongAdder();
    private final String name;

    RedisCacheAside(String name, String redisUri, ValueCodec<V> codec, Expiry expiry, Duration timeout,
                    Supplier<? extends RandomGenerator> random, @Nullable Caffeine<Object, Object> local) {
        this.name = name;
        this.prefix = "hz:c:" + name + ":";
        this.channel = prefix + "invalidate";
        this.codec = codec;
        this.ttlMillis = expiry.ttl().toMillis();
        this.holdMillis = expiry.hold().toMillis();
        this.beta = expiry.earlyRefreshBeta();
        this.timeout = timeout;
        this.random = random;
        this.local = local == null ? null : local.build();
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cache " + name + ": redis uri: '" + redisUri
                + "' (expected: redis://HOST:PORT): " + e.getMessage(), e);
        }
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        try {
            this.connection = client.connect();
            this.subscription = client.connectPubSub();
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("cache " + name + ": cannot connect to Redis at " + uri.getHost() + ":"
                + uri.getPort() + ": " + e.getMessage(), e);
        }
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String key) {
                dropLocal(key);
                invalidations.increment();
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> c, SocketAddress address) {
                if (c == subscription && RedisCacheAside.this.local != null) {
                    RedisCacheAside.this.local.invalidateAll();
                }
            }
        });
        subscription.sync().subscribe(channel);
    }

    @Override
    public @Nullable V get(String key, Loader<V> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        Cache<String, V> l1 = local;
        if (l1 != null) {
            V hit = l1.getIfPresent(key);
            if (hit != null) {
                localHits.increment();
                return hit;
            }
        }
        long generation = generations.get(stripe(key));
        boolean redisAnswered = true;
        try {
            Cached<V> cached = read(key);
            if (cached != null) {
                if (!dueForRefresh(cached)) {
                    redisHits.increment();
                    install(key, cached.value(), generation);
                    return cached.value();
                }
                earlyRefreshes.increment();
            }
        } catch (RedisException | IllegalArgumentException e) {
            redisErrors.increment();
            redisAnswered = false;
        }
        misses.increment();
        return loadOnce(key, loader, generation, redisAnswered);
    }

    private boolean dueForRefresh(Cached<V> cached) {
        if (beta == 0 || cached.remainingMillis() < 0) {
            return false;
        }
        double u = 1.0 - random.get().nextDouble();
        return cached.loadMillis() * beta * -Math.log(u) >= cached.remainingMillis();
    }

    private @Nullable V loadOnce(String key, Loader<V> loader, long generation, boolean store) {
        CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
        CompletableFuture<@Nullable V> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof CacheLoadException c ? c
                    : new CacheLoadException("cache load of '" + key + "' failed: " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheLoadException("interrupted waiting for the load of '" + key + "'", e);
            }
        }
        try {
            Loaded<V> loaded = load(key, loader, store);
            if (loaded.keep()) {
                install(key, loaded.value(), generation);
            }
            mine.complete(loaded.value());
            return loaded.value();
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /**
     * Loads {@code key} and stores it under the lease. Within the hold after an invalidation the lease is refused: the
     * loader then runs inside {@link DataScope#primary()} (a {@link dev.horizon.data.RoutingDataSource} reads the
     * primary, not a replica that may not have replayed the write yet) and its value is returned but kept nowhere.
     */
    private Loaded<V> load(String key, Loader<V> loader, boolean store) {
        String lease = store ? takeLease(key) : null;
        boolean held = HELD.equals(lease);
        loads.increment();
        long started = System.nanoTime();
        V value;
        try {
            value = held ? loadOnPrimary(key, loader) : loader.load(key);
        } catch (Exception e) {
            throw new CacheLoadException("cache load of '" + key + "' failed: " + e, e);
        }
        if (value != null && lease != null && !held) {
            long loadMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            try {
                connection.sync().eval(STORE, ScriptOutputType.INTEGER, new String[] {valueKey(key), leaseKey(key)},
                    lease, loadMillis + ":" + codec.encode(value), Long.toString(ttlMillis));
            } catch (RedisException e) {
                redisErrors.increment();
            }
        }
        return new Loaded<>(value, !held);
    }

    private static <V> @Nullable V loadOnPrimary(String key, Loader<V> loader) throws Exception {
        try (DataScope ignored = DataScope.primary()) {
            return loader.load(key);
        }
    }

    /** A random lease token; {@link #HELD} within the hold after an invalidation; null when Redis failed. */
    private @Nullable String takeLease(String key) {
        String token = Long.toHexString(random.get().nextLong());
        try {
            Long taken = connection.sync().eval(LEASE, ScriptOutputType.INTEGER, new String[] {leaseKey(key)}, token,
                Long.toString(Math.max(10_000, ttlMillis)), HELD);
            return taken != null && taken == 1 ? token : HELD;
        } catch (RedisException e) {
            redisErrors.increment();
            return null;
        }
    }

    private @Nullable Cached<V> read(String key) {
        RedisAsyncCommands<String, String> async = connection.async();
        RedisFuture<String> value = async.get(valueKey(key));
        RedisFuture<Long> pttl = async.pttl(valueKey(key));
        String text = await(value);
        Long remaining = await(pttl);
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("cached entry '" + valueKey(key) + "' has no load time");
        }
        long loadMillis = Long.parseLong(text, 0, colon, 10);
        return new Cached<>(codec.decode(text.substring(colon + 1)), loadMillis, remaining == null ? -1 : remaining);
    }

    private <T> @Nullable T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new RedisException("redis command failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RedisException("redis command timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted", e);
        }
    }

    private void install(String key, @Nullable V value, long generation) {
        Cache<String, V> l1 = local;
        if (l1 != null && value != null && generations.get(stripe(key)) == generation) {
            l1.put(key, value);
            if (generations.get(stripe(key)) != generation) {
                l1.invalidate(key);
            }
        }
    }

    private void dropLocal(String key) {
        generations.incrementAndGet(stripe(key));
        Cache<String, V> l1 = local;
        if (l1 != null) {
            l1.invalidate(key);
        }
    }

    @Override
    public void invalidate(String key) {
        Objects.requireNonNull(key, "key");
        dropLocal(key);
        try {
            connection.sync().eval(INVALIDATE, ScriptOutputType.INTEGER, new String[] {valueKey(key), leaseKey(key)},
                Long.toString(holdMillis), HELD);
            connection.sync().publish(channel, key);
        } catch (RedisException e) {
            redisErrors.increment();
        }
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    private String valueKey(String key) {
        return prefix + "{" + key + "}";
    }

    private String leaseKey(String key) {
        return prefix + "{" + key + "}:lease";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(localHits.sum(), redisHits.sum(), misses.sum(), loads.sum(), earlyRefreshes.sum(),
            invalidations.sum(), redisErrors.sum());
    }

    @Override
    public void close() {
        subscription.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** What a load found, and whether it may be kept (in Redis and the first level). */
    private record Loaded<V>(@Nullable V value, boolean keep) {}

    /**
     * How long a value lives in Redis, how long after an invalidation no load may store one, and how early XFetch
     * refreshes it (β; 0: never early).
     */
    record Expiry(Duration ttl, Duration hold, double earlyRefreshBeta) {}

    /** A Redis copy: the value, how long its load took, and how long it has left ({@code -1}: no expiry). */
    private record Cached<V>(V value, long loadMillis, long remainingMillis) {}
}
