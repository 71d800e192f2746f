package dev.horizon.data.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache against a real redis-server, with a map standing in for the database. */
final class CacheAsideTest {

    @TempDir
    static Path dir;
    private static RedisServer redis;

    private final Map<String, String> database = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    /** A cache over the map; the map has no replicas to lag, so no hold after invalidations is needed. */
    private CacheAside<String> cache(String name, boolean local) {
        CacheAside.Builder<String> b = CacheAside.builder(name, "redis://127.0.0.1:" + redis.port(),
            ValueCodec.json(String.class)).earlyRefreshBeta(0).invalidationHold(Duration.ZERO);
        return (local ? b.localCache(100, Duration.ofMinutes(1)) : b).build();
    }

    private @Nullable String load(String key) throws InterruptedException {
        loads.incrementAndGet();
        TimeUnit.MILLISECONDS.sleep(100);
        return database.get(key);
    }

    @Test
    void aHundredConcurrentMissesMakeOneLoad() throws Exception {
        database.put("p1", "kettle");
        try (CacheAside<String> cache = cache("stampede", false)) {
            ExecutorService pool = Executors.newFixedThreadPool(100);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return cache.get("p1", this::load);
                }));
            }
            go.countDown();
            for (Future<String> a : answers) {
                assertThat(a.get()).isEqualTo("kettle");
            }
            pool.shutdown();
            assertThat(loads).hasValue(1);
            assertThat(cache.stats().loads()).isEqualTo(1);
            assertThat(cache.stats().misses() + cache.stats().redisHits()).isEqualTo(100);
            assertThat(cache.name()).isEqualTo("stampede");
            assertThat(cache.prometheus()).contains("horizon_cache_loads_total{cache=\"stampede\"} 1\n");
        }
    }

    @Test
    void aWriteOnOneInstanceInvalidatesTheOthersFirstLevel() throws Exception {
        database.put("p2", "old");
        try (CacheAside<String> a = cache("coherent", true); CacheAside<String> b = cache("coherent", true)) {
            assertThat(a.get("p2", this::load)).isEqualTo("old");
            assertThat(b.get("p2", this::load)).isEqualTo("old");
            assertThat(b.get("p2", this::load)).isEqualTo("old");
            assertThat(loads).hasValue(1);
            assertThat(b.stats().redisHits()).isEqualTo(1);
            assertThat(b.stats().localHits()).isEqualTo(1);

            database.put("p2", "new");
            a.invalidate("p2");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (b.stats().invalidations() == 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertThat(b.stats().invalidations()).isEqualTo(1);
            assertThat(b.get("p2", this::load)).isEqualTo("new");
            assertThat(a.get("p2", this::load)).isEqualTo("new");
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void aLoadThatReadBeforeAnInvalidationDoesNotStoreItsStaleValue() throws Exception {
        database.put("p3", "stale");
        try (CacheAside<String> a = cache("leases", false); CacheAside<String> b = cache("leases", false)) {
            CountDownLatch loaded = new CountDownLatch(1);
            CountDownLatch written = new CountDownLatch(1);
            ExecutorService one = Executors.newSingleThreadExecutor();
            Future<String> slow = one.submit(() -> a.get("p3", key -> {
                String read = database.get(key);
                loaded.countDown();
                written.await();
                return read;
            }));
            loaded.await();
            database.put("p3", "fresh");
            b.invalidate("p3");
            written.countDown();
            assertThat(slow.get()).isEqualTo("stale");
            one.shutdown();
            assertThat(b.get("p3", this::load)).isEqualTo("fresh");
            assertThat(a.get("p3", this::load)).isEqualTo("fresh");
            assertThat(loads).hasValue(1);
        }
    }

    @Test
    void xfetchRefreshesEarlyWhenTheDrawSaysSoAndNeverWhenItDoesNot() throws Exception {
        database.put("p4", "v1");
        RandomGenerator always = () -> -1L;
        RandomGenerator never = () -> 0L;
        String uri = "redis://127.0.0.1:" + redis.port();
        try (CacheAside<String> eager = CacheAside.builder("xfetch", uri, ValueCodec.json(String.class))
                 .ttl(Duration.ofSeconds(2)).random(() -> always).build();
             CacheAside<String> calm = CacheAside.builder("xfetch", uri, ValueCodec.json(String.class))
                 .ttl(Duration.ofSeconds(2)).random(() -> never).build()) {
            assertThat(calm.get("p4", this::load)).isEqualTo("v1");
            database.put("p4", "v2");
            assertThat(calm.get("p4", this::load)).isEqualTo("v1");
            assertThat(calm.stats().earlyRefreshes()).isZero();
            assertThat(eager.get("p4", this::load)).isEqualTo("v2");
            assertThat(eager.stats().earlyRefreshes()).isEqualTo(1);
            assertThat(calm.get("p4", this::load)).isEqualTo("v2");
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void aFailingLoaderCachesNothingAndAbsentValuesAreNotCached() throws Exception {
        try (CacheAside<String> cache = cache("failures", false)) {
            assertThatThrownBy(() -> cache.get("p5", key -> {
                throw new IllegalStateException("database down");
            })).isInstanceOf(CacheLoadException.class)
                .hasMessage("cache load of 'p5' failed: java.lang.IllegalStateException: database down");
            assertThat(cache.get("p5", this::load)).isNull();
            assertThat(cache.get("p5", this::load)).isNull();
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void whenRedisIsGoneReadsGoToTheLoader(@TempDir Path own) throws Exception {
        database.put("p6", "direct");
        RedisServer lonely = new RedisServer(own);
        try (CacheAside<String> cache = CacheAside.builder("outage", "redis://127.0.0.1:" + lonely.port(),
            ValueCodec.json(String.class)).timeout(Duration.ofMillis(200)).build()) {
            lonely.close();
            assertThat(cache.get("p6", this::load)).isEqualTo("direct");
            assertThat(cache.get("p6", this::load)).isEqualTo("direct");
            assertThat(loads).hasValue(2);
            assertThat(cache.stats().redisErrors()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void refusesABadNameOrUri() {
        assertThatThrownBy(() -> CacheAside.builder("a b", "redis://x", ValueCodec.json(String.class)))
            .hasMessage("cache name: 'a b' (expected: letters, digits, '.', '-' and '_')");
        assertThatThrownBy(() -> CacheAside.builder("ok", "redis://127.0.0.1:1", ValueCodec.json(String.class))
            .timeout(Duration.ofMillis(200)).build()).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("cache ok: cannot connect to Redis at 127.0.0.1:1: ");
    }
}
