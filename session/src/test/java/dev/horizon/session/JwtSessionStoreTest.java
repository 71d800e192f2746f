package dev.horizon.session;

import java.security.SecureRandom;

/** The JWT store, HS256, with its revocation list in a real Redis, against the store contract. */
final class JwtSessionStoreTest extends RedisBackedContract {

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        JwtKeyRing keys = JwtKeyRing.of(JwtKey.hmac("k1", JwtAlgorithm.HS256, secret));
        return SessionStore.jwt(JwtSettings.of(keys, "shop", timeouts)
            .withRevocations(RevocationList.redis(redisUri())));
    }

    @Override
    protected boolean mergesParallelSaves() {
        return false;
    }
}
