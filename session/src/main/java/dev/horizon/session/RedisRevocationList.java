package dev.horizon.session;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: one key per revoked session (hz:revoked:s:JTI) and one per user (hz:revoked:u:USER holding
 * the epoch millisecond up to which the user's tokens are revoked), each expiring when the tokens it names would
 * have; a check is one MGET of both. A user's key is only ever raised (a Lua max), so two instances revoking at once
 * keep the later instant. Connection, timeouts and errors are the Redis session store's (RedisConnection).
 */
final class RedisRevocationList implements RevocationList {

    private static final RedisScript RAISE = new RedisScript("raise", "local cur = tonumber(redis.call('GET', "
        + "KEYS[1]) or '0') if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) end "
        + "local ttl = redis.call('PTTL', KEYS[1]) "
        + "if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 1",
        ScriptOutputType.INTEGER);

    private final RedisConnection redis;

    RedisRevocationList(String uri) {
        this.redis = RedisConnection.standalone("revocation list", uri, Duration.ofSeconds(2));
    }

    @Override
    public void revoke(String jti, Instant until) {
        long ttl = ttlMillis(until);
        if (ttl > 0) {
            RedisScript.result(redis, redis.commands().set("hz:revoked:s:" + jti, "1", SetArgs.Builder.px(ttl)),
                "revoke a session");
        }
    }

    @Override
    public void revokeUser(String user, Instant at, Instant until) {
        long ttl = ttlMillis(until);
        if (ttl > 0) {
            RAISE.run(redis, new String[] {"hz:revoked:u:" + user}, Long.toString(at.toEpochMilli()),
                Long.toString(ttl));
        }
    }

    @Override
    public boolean isRevoked(String jti, @Nullable String user, Instant issuedAt) {
        List<KeyValue<String, String>> values = RedisScript.result(redis, user == null
            ? redis.commands().mget("hz:revoked:s:" + jti)
            : redis.commands().mget("hz:revoked:s:" + jti, "hz:revoked:u:" + user), "check a token");
        if (values.get(0).hasValue()) {
            return true;
        }
        if (values.size() > 1 && values.get(1).hasValue()) {
            return issuedAt.toEpochMilli() <= Long.parseLong(values.get(1).getValue());
        }
        return false;
    }

    @Override
    public boolean answers() {
        return redis.answers();
    }

    private static long ttlMillis(Instant until) {
        return Duration.between(Instant.now(), until).toMillis();
    }

    @Override
    public void close() {
        redis.close();
    }
}
