package dev.horizon.gateway.internal;

import dev.horizon.limit.Rate;
import dev.horizon.testing.RedisServer;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one rate-limit decision: {@code local} is a key's token bucket in the process ({@link LocalBuckets}, 1024
 * keys, a quota never reached); {@code global} is one GCRA script call to a throw-away {@code redis-server} on
 * loopback, waited for (the gateway itself never waits: its event loop goes on and resumes the request).
 *
 * <p>In the gateway's internal package because the limiter's classes are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateLimitBenchmark {

    private static final Rate HUGE = Rate.of(1_000_000, Duration.ofSeconds(1));

    private final LocalBuckets local = new LocalBuckets(HUGE);
    private final String[] keys = new String[1024];
    private int next;
    private @Nullable RedisServer redis;
    private @Nullable ClientResources resources;
    private @Nullable RedisGcra global;

    @Setup
    public void setUp() throws Exception {
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "10.0." + (i >> 8) + "." + (i & 255);
        }
        redis = new RedisServer(Files.createTempDirectory("horizon-bench-redis"));
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        RedisGcra g = new RedisGcra("redis://127.0.0.1:" + redis.port(), resources, GatewayClock.system());
        global = g;
        for (int i = 0; i < 200; i++) {
            try {
                g.decide("warm", 1, 1, null).toCompletableFuture().get(1, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                Thread.sleep(10);
            }
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        if (global != null) {
            global.close();
        }
        if (resources != null) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Benchmark
    public boolean local() {
        return local.take(keys[next++ & 1023], System.nanoTime()).allowed();
    }

    @Benchmark
    public boolean global() throws Exception {
        RedisGcra g = global;
        if (g == null) {
            throw new IllegalStateException("no redis");
        }
        return g.decide("horizon:rate-limit:bench:" + keys[next++ & 1023], HUGE.intervalMicros(), HUGE.burst(), null)
            .toCompletableFuture().get().allowed();
    }
}
