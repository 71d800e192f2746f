package dev.horizon.cli;

import dev.horizon.testing.RedisServer;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The shop fleet with sessions in a real Redis. */
final class ShopFleetRedisProcessTest extends ShopFleetContract {

    private @Nullable RedisServer redis;

    @Override
    Map<String, String> sessionEnv(Path dir) throws Exception {
        RedisServer server = new RedisServer(dir);
        redis = server;
        return Map.of("DEMO_SESSIONS", "redis", "DEMO_REDIS", "redis://127.0.0.1:" + server.port());
    }

    @Override
    void stopSessionStore() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }
}
