package dev.horizon.bench;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.Endpoint;
import dev.horizon.balance.EndpointLoad;
import dev.horizon.balance.HashBalancer;
import dev.horizon.balance.HashKey;
import dev.horizon.balance.Health;
import dev.horizon.balance.LoadBalancer;
import dev.horizon.balance.Pool;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One pick, for every algorithm, over 3, 100 and 1,000 endpoints. Run it on 1 and 2 threads with the GC profiler
 * ({@code bench/run} does): the score is nanoseconds per pick, {@code gc.alloc.rate.norm} the bytes allocated per
 * pick.
 *
 * <p>Endpoints carry a little live load (0..7 requests in flight, latency samples of 1..20 ms) so load-aware
 * algorithms compare real numbers; weights are 1..5 for the "weighted" variants and equal otherwise. Hash keys are a
 * per-thread counter run through {@link HashKey#of(long)}, so every pick hashes a new key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PickBenchmark {

    @Param({"round-robin", "weighted-round-robin", "least-connections", "least-request",
        "least-request-weighted", "peak-ewma", "random", "random-weighted", "ring-hash", "maglev", "jump-hash",
        "rendezvous", "ring-hash-bounded", "maglev-bounded", "jump-hash-bounded", "rendezvous-bounded"})
    public String algorithm;

    @Param({"3", "100", "1000"})
    public int endpoints;

    private LoadBalancer balancer;

    /** Per-thread key sequence. */
    @State(Scope.Thread)
    public static class Keys {
        private long next = ThreadLocalRandom.current().nextLong();

        long next() {
            return HashKey.of(next++);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        boolean weighted = algorithm.endsWith("-weighted") || algorithm.equals("weighted-round-robin");
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            EndpointLoad load = new EndpointLoad();
            for (int r = 0; r < i % 8; r++) {
                load.requestStarted();
                load.connectionOpened();
            }
            load.recordLatency((1 + i % 20) * 1_000_000L, System.nanoTime());
            String address = "10." + i / 65536 + "." + i / 256 % 256 + "." + i % 256 + ":8080";
            list.add(new Endpoint(address, address, weighted ? 1 + i % 5 : 1, "", Health.HEALTHY, load));
        }
        Pool pool = Pool.of(list);
        String name = algorithm.replace("-weighted", "").replace("-bounded", "");
        LoadBalancer base = Algorithm.of(name).create(pool, System::nanoTime, ThreadLocalRandom::current);
        balancer = algorithm.endsWith("-bounded")
            ? ((HashBalancer) base).withBoundedLoad(HashBalancer.DEFAULT_BALANCE_FACTOR)
            : base;
    }

    @Benchmark
    public void pick(Keys keys, Blackhole blackhole) {
        blackhole.consume(balancer.pick(keys.next()));
    }
}
