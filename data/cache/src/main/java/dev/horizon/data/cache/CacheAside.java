package dev.horizon.data.cache;

import dev.horizon.duration.DurationText;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A cache-aside layer over Redis for values that come from the database: every instance of a service shares the
 * Redis copy, and each may keep a small in-process first level that the others' invalidations keep coherent.
 *
 * <p>{@link #get} answers from the first level, else Redis, else the loader — one load per key at a time in this JVM
 * (single flight: concurrent misses wait for the same load). A Redis copy is refreshed early with a probability that
 * rises as its expiry nears (XFetch), so a hot key is reloaded by one caller before it expires rather than by all of
 * them after. {@link #invalidate} after a write deletes the Redis copy and tells every instance to drop its first-level
 * copy; a load that began before the invalidation does not put its stale value back. When Redis fails, reads go to
 * the loader and invalidations are counted as errors: the cache degrades, the application does not.
 *
 * @param <V> the cached value type, written to Redis with a {@link ValueCodec}
 */
public interface CacheAside<V> extends AutoCloseable {

    /**
     * The value for {@code key}: cached, or loaded (and cached) when absent or due for early refresh.
     *
     * @return the value, or {@code null} when the loader found none (nothing is cached then)
     * @throws CacheLoadException when the loader failed
     */
    @Nullable V get(String key, Loader<V> loader);

    /** Drops {@code key} from Redis and from every instance's first level. Call it after the write commits. */
    void invalidate(String key);

    /** The name it was built with: its Redis keys' and its metrics' name. */
    String name();

    /** Counters since the cache was built. */
    CacheStats stats();

    /**
     * {@link #stats()} as Prometheus text, for the application's {@code /metrics} ({@link CacheMetrics}); with several
     * caches, {@link CacheMetrics#prometheus(java.util.Collection)} writes them together.
     */
    default String prometheus() {
        return CacheMetrics.prometheus(name(), stats());
    }

    /** Closes the Redis connections. */
    @Override
    void close();

    /**
     * Starts a configuration.
     *
     * @param name     names the cache in Redis keys ({@code hz:c:NAME:KEY}) and its invalidation channel; letters,
     *                 digits, dot, dash and underscore
     * @param redisUri {@code redis://host:port}
     * @param codec    how values are written to Redis
     */
    static <V> Builder<V> builder(String name, String redisUri, ValueCodec<V> codec) {
        return new Builder<>(name, redisUri, codec);
    }

    /** Loads a value the cache does not have, usually from the database. */
    @FunctionalInterface
    interface Loader<V> {
        /** The value for {@code key}, or {@code null} when there is none. */
        @Nullable V load(String key) throws Exception;
    }

    /** A {@link CacheAside}'s configuration; every option has a default. */
    final class Builder<V> {

        private final String name;
        private final String redisUri;
        private final ValueCodec<V> codec;
        private Duration ttl = Duration.ofMinutes(5);
        private Duration hold = Duration.ofSeconds(2);
        private double beta = 1.0;
        private long localMaxEntries;
        private Duration localTtl = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofMillis(500);
        private Supplier<? extends RandomGenerator> random = ThreadLocalRandom::current;

        Builder(String name, String redisUri, ValueCodec<V> codec) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("cache name: '" + name
                    + "' (expected: letters, digits, '.', '-' and '_')");
            }
            this.name = name;
            this.redisUri = Objects.requireNonNull(redisUri, "redisUri");
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** How long a value stays in Redis (default 5 min). */
        public Builder<V> ttl(Duration value) {
            this.ttl = positive("cache ttl", value);
            return this;
        }

        /**
         * How long after an invalidation no load may store a value (default 2 s; zero turns it off). A load in that
         * window runs inside {@link dev.horizon.data.DataScope#primary()}, so a
         * {@link dev.horizon.data.RoutingDataSource} reads the primary, and its value is returned but not cached: a
         * replica that has not replayed the write yet cannot put the old value back for the whole TTL. Set it above
         * the longest lag a replica the loader may read is allowed (its {@code maxLag} plus one lag check).
         */
        public Builder<V> invalidationHold(Duration value) {
            Objects.requireNonNull(value, "invalidation hold");
            if (value.isNegative()) {
                throw new IllegalArgumentException("invalidation hold: " + DurationText.format(value)
                    + " (expected: 0 or more)");
            }
            this.hold = value;
            return this;
        }

        /**
         * XFetch's β (default 1.0): above 1 refreshes earlier, below 1 later, 0 never early. The chance of an early
         * refresh grows as {@code loadTime × β} nears the remaining time to live.
         */
        public Builder<V> earlyRefreshBeta(double value) {
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException("early refresh beta: " + value + " (expected: 0..100)");
            }
            this.beta = value;
            return this;
        }

        /**
         * Keeps up to {@code maxEntries} values in this JVM (Caffeine) for up to {@code ttl}, dropped when any instance
         * invalidates them (default: no first level).
         */
        public Builder<V> localCache(long maxEntries, Duration entryTtl) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("local cache size: " + maxEntries + " (expected: 1 or more)");
            }
            this.localMaxEntries = maxEntries;
            this.localTtl = positive("local cache ttl", entryTtl);
            return this;
        }

        /** How long one Redis command may take before the cache treats Redis as failed (default 500 ms). */
        public Builder<V> timeout(Duration value) {
            this.timeout = positive("cache redis timeout", value);
            return this;
        }

        /** Where XFetch draws its random numbers (default {@code ThreadLocalRandom}); for exact tests. */
        public Builder<V> random(Supplier<? extends RandomGenerator> source) {
            this.random = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Connects to Redis and subscribes to the invalidation channel. */
        public CacheAside<V> build() {
            return new RedisCacheAside<>(name, redisUri, codec, new RedisCacheAside.Expiry(ttl, hold, beta), timeout,
                random,
                localMaxEntries == 0 ? null : Caffeine.newBuilder().maximumSize(localMaxEntries)
                    .expireAfterWrite(localTtl));
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + ": " + DurationText.format(d) + " (expected: more than 0)");
            }
            return d;
        }
    }
}
