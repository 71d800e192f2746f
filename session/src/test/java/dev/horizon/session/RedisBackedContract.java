package dev.horizon.session;

import dev.horizon.testing.RedisServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract for a store that keeps something in a standalone Redis: one real redis-server per class. */
abstract class RedisBackedContract extends SessionStoreContract {

    @TempDir
    static Path dir;

    static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServer(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    static String redisUri() {
        return "redis://127.0.0.1:" + redis.port();
    }
}
