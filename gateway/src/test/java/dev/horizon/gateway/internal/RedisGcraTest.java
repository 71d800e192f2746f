package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.limit.Decision;
import dev.horizon.limit.Gcra;
import dev.horizon.testing.Eventually;
import dev.horizon.testing.RedisServer;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Files;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis script decides exactly as {@link Gcra} does: the same seeded arrival sequence, on a manual clock passed to
 * the script, gives the same decisions; and a Redis that lost its script cache ({@code SCRIPT FLUSH}) still answers
 * through the {@code EVAL} fallback.
 */
class RedisGcraTest {

    private static RedisServer redis;
    private static ClientResources resources;
    private static RedisGcra gcra;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer(Files.createTempDirectory("horizon-gcra-redis"));
        resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        gcra = new RedisGcra("redis://127.0.0.1:" + redis.port(), resources, GatewayClock.system());
        Eventually.await("connected", () -> {
            try {
                gcra.decide("warm", 1, 1, null).toCompletableFuture().get(1, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        gcra.close();
        resources.shutdown(0, 1, TimeUnit.SECONDS);
        redis.close();
    }

    private static Decision script(String key, long now, long interval, long burst) throws Exception {
        return gcra.decide(key, interval, burst, now).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theScriptDecidesExactlyAsGcraOnAManualClock() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 10; round++) {
            long interval = 1 + random.nextLong(100_000);
            long burst = 1 + random.nextLong(10);
            String key = "gcra-" + round;
            long now = 1_780_000_000_000_000L;
            long tat = Gcra.NEVER;
            for (int i = 0; i < 60; i++) {
                now += random.nextInt(3) == 0 ? 0 : random.nextLong(2 * interval);
                Decision expected = Gcra.decide(tat, now, interval, burst);
                Decision actual = script(key, now, interval, burst);
                assertThat(actual).as("round %d request %d", round, i)
                    .isEqualTo(new Decision(expected.allowed(), 0, expected.remaining(), expected.retryAfter(),
                        expected.resetAfter()));
                tat = expected.tat();
            }
        }
    }

    @Test
    void aFlushedScriptCacheFallsBackToEval() throws Exception {
        redis.cli("SCRIPT", "FLUSH");
        assertThat(script("flushed", 1_000_000, 100, 2)).isEqualTo(new Decision(true, 0, 1, 0, 100));
        assertThat(redis.cli("SCRIPT", "EXISTS", RedisGcra.SHA).strip()).isEqualTo("1");
    }
}
