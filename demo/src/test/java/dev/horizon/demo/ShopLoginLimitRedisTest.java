package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the counts in Redis the limit holds across instances: failures on one shop lock the user on another. */
final class ShopLoginLimitRedisTest {

    @TempDir
    Path dir;

    @Test
    void failuresOnOneInstanceLockTheUserOnTheOther() throws Exception {
        TestClock clock = new TestClock();
        try (RedisServer redis = new RedisServer(dir);
             AttemptStore storeOne = AttemptStore.redis("redis://127.0.0.1:" + redis.port(), Duration.ofHours(1));
             AttemptStore storeTwo = AttemptStore.redis("redis://127.0.0.1:" + redis.port(), Duration.ofHours(1));
             TestShop one = new TestShop(new LoginThrottle(storeOne, LoginThrottle.Settings.DEFAULT, clock));
             TestShop two = new TestShop(new LoginThrottle(storeTwo, LoginThrottle.Settings.DEFAULT, clock))) {
            for (int i = 0; i < 5; i++) {
                assertThat((i % 2 == 0 ? one : two).login("alice", "guess", "203.0.113.7").statusCode())
                    .isEqualTo(401);
            }
            HttpResponse<String> locked = two.login("alice", ShopData.SEED_PASSWORD, "198.51.100.1");
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(one.login("alice", ShopData.SEED_PASSWORD, "198.51.100.1").statusCode()).isEqualTo(429);
            clock.advance(Duration.ofSeconds(1));
            assertThat(one.login("alice", ShopData.SEED_PASSWORD, "198.51.100.1").statusCode()).isEqualTo(200);
        }
    }
}
