package dev.horizon.bench;

import dev.horizon.data.cache.CacheAside;
import dev.horizon.data.cache.ValueCodec;
import dev.horizon.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of a cache hit: from the in-process first level, and from Redis (one pipelined GET + PTTL round trip
 * to a redis-server on loopback, plus JSON decoding). 1,000 keys, all cached before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class CacheBenchmark {

    /** A small cached value, as a catalogue entry would be. */
    public record Product(String sku, String name, long priceCents) {}

    private static final int KEYS = 1000;

    @Param({"local", "redis"})
    public String level;

    private Path dir;
    private RedisServer redis;
    private CacheAside<Product> cache;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("hz-cache-bench");
        redis = new RedisServer(dir);
        CacheAside.Builder<Product> b = CacheAside.builder("bench", "redis://127.0.0.1:" + redis.port(),
            ValueCodec.json(Product.class)).ttl(Duration.ofHours(1)).earlyRefreshBeta(0);
        cache = ("local".equals(level) ? b.localCache(10_000, Duration.ofHours(1)) : b).build();
        for (int i = 0; i < KEYS; i++) {
            get(i);
        }
    }

    private Product get(int i) {
        return cache.get("sku-" + i, key -> new Product(key, "Product " + key, 1999));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        cache.close();
        redis.close();
    }

    @Benchmark
    public Product hit() {
        return get(ThreadLocalRandom.current().nextInt(KEYS));
    }
}
