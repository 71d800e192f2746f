package dev.horizon.demo;

import dev.horizon.data.cache.CacheAside;
import dev.horizon.data.cache.ValueCodec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The catalogue as the shop reads it: straight from the database, or through Horizon's cache-aside in Redis with a
 * small first level in each instance (the catalogue is the hottest read and changes rarely).
 */
final class ProductCache implements AutoCloseable {

    /** The cached value: the whole catalogue, in SKU order. */
    record Catalogue(List<Product> products) {
    }

    /** Reads the catalogue from the database. */
    @FunctionalInterface
    interface Source {
        List<Product> load() throws Exception;
    }

    private static final String KEY = "catalogue";

    private final @Nullable CacheAside<Catalogue> cache;
    private final String description;

    private ProductCache(@Nullable CacheAside<Catalogue> cache, String description) {
        this.cache = cache;
        this.description = description;
    }

    static ProductCache none() {
        return new ProductCache(null, "none");
    }

    /** A cache in the Redis at {@code redisUri}, or none when it is null or blank. */
    static ProductCache open(@Nullable String redisUri) {
        if (redisUri == null || redisUri.isBlank()) {
            return none();
        }
        return new ProductCache(CacheAside.builder("shop-products", redisUri, ValueCodec.json(Catalogue.class))
            .ttl(Duration.ofMinutes(5)).localCache(16, Duration.ofSeconds(10)).build(), "redis at " + redisUri);
    }

    List<Product> products(Source source) throws Exception {
        CacheAside<Catalogue> c = cache;
        if (c == null) {
            return source.load();
        }
        return Objects.requireNonNull(c.get(KEY, key -> new Catalogue(source.load()))).products();
    }

    /** Drops the cached catalogue on every instance, after a product changed. */
    void invalidate() {
        if (cache != null) {
            cache.invalidate(KEY);
        }
    }

    /** The cache's counters as Prometheus text ({@link CacheAside#prometheus()}), empty without a cache. */
    String prometheus() {
        CacheAside<Catalogue> c = cache;
        return c == null ? "" : c.prometheus();
    }

    String describe() {
        return description;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
