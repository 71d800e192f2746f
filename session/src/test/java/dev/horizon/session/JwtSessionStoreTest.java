package dev.horizon.session;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The JWT store, HS256, with its revocation list in a real Redis, against the store contract. */
final class JwtSessionStoreTest extends SessionStoreContract {

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

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        JwtKeyRing keys = JwtKeyRing.of(JwtKey.hmac("k1", JwtAlgorithm.HS256, secret));
        return SessionStore.jwt(JwtSettings.of(keys, "shop", timeouts)
            .withRevocations(RevocationList.redis("redis://127.0.0.1:" + redis.port())));
    }

    @Override
    protected boolean mergesParallelSaves() {
        return false;
    }
}
