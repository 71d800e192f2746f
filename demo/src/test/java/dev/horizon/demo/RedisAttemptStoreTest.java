package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a real redis-server, plus what only Redis does: expiry, sharing, and an outage. */
final class RedisAttemptStoreTest extends AttemptStoreContract {

    @TempDir
    static Path dir;
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServer(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static String uri() {
        return "redis://127.0.0.1:" + redis.port();
    }

    @Override
    AttemptStore open() throws Exception {
        redis.cli("FLUSHALL");
        return AttemptStore.redis(uri(), FORGET);
    }

    @Test
    void twoInstancesShareTheCountsAndKeysExpireWhenForgotten() throws Exception {
        LoginThrottle.Limit limit = LoginThrottle.Settings.DEFAULT.perUser();
        try (AttemptStore one = AttemptStore.redis(uri(), FORGET);
             AttemptStore two = AttemptStore.redis(uri(), FORGET)) {
            for (int i = 0; i < 5; i++) {
                assertThat((i % 2 == 0 ? one : two).chargeUnlessLocked("user:alice", limit, clock.millis())).isZero();
            }
            assertThat(two.chargeUnlessLocked("user:alice", limit, clock.millis())).isEqualTo(1_000);
            assertThat(one.lockedMillis("user:alice", limit, clock.millis())).isEqualTo(1_000);
        }
        assertThat(redis.cli("HGET", "shop:login:user:alice", "n").strip()).isEqualTo("5");
        long ttl = Long.parseLong(redis.cli("PTTL", "shop:login:user:alice").strip());
        assertThat(ttl).isBetween(FORGET.toMillis() - 60_000, FORGET.toMillis());
    }

    @Test
    void aRedisOutageIsNamed() throws Exception {
        RedisServer doomed = new RedisServer(dir);
        AttemptStore store = AttemptStore.redis("redis://127.0.0.1:" + doomed.port(), Duration.ofHours(1));
        try {
            doomed.close();
            assertThatThrownBy(() -> store.lockedMillis("user:alice", LoginThrottle.Settings.DEFAULT.perUser(), 0))
                .isInstanceOf(AttemptStore.Unavailable.class)
                .hasMessageStartingWith("login limiter: Redis at redis://127.0.0.1:" + doomed.port() + " failed: ");
        } finally {
            store.close();
        }
    }
}
