package dev.horizon.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: one key per revoked session (hz:revoked:s:JTI) and one per user (hz:revoked:u:USER holding
 * the epoch millisecond up to which the user's tokens are revoked), each expiring when the tokens it names would
 * have; a check is one MGET of both. A user's key is only ever raised (a Lua max), so two instances revoking at once
 * keep the later instant.
 */
final class RedisRevocationList implements RevocationList {

    private static final String RAISE = "local cur = tonumber(redis.call('GET', KEYS[1]) or '0') "
        + "if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) end "
        + "local ttl = redis.call('PTTL', KEYS[1]) "
        + "if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 1";

    private final String uri;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    RedisRevocationList(String uri) {
        this.uri = uri;
        io.lettuce.core.RedisURI parsed;
        try {
            parsed = io.lettuce.core.RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("revocation list: '" + uri + "' is not a Redis URI (expected: "
                + "redis://host:port)", e);
        }
        parsed.setTimeout(Duration.ofSeconds(2));
        this.client = RedisClient.create(parsed);
        try {
            this.connection = client.connect();
        } catch (RedisException e) {
            client.shutdown();
            throw new SessionStoreException("revocation list: cannot connect to " + uri + ": " + e.getMessage(), e);
        }
        this.redis = connection.sync();
    }

    @Override
    public void revoke(String jti, Instant until) {
        long ttl = ttlMillis(until);
        if (ttl > 0) {
            run(() -> redis.set("hz:revoked:s:" + jti, "1", SetArgs.Builder.px(ttl)), "revoke a session");
        }
    }

    @Override
    public void revokeUser(String user, Instant at, Instant until) {
        long ttl = ttlMillis(until);
        if (ttl > 0) {
            run(() -> redis.eval(RAISE, io.lettuce.core.ScriptOutputType.INTEGER,
                new String[] {"hz:revoked:u:" + user}, Long.toString(at.toEpochMilli()), Long.toString(ttl)),
                "revoke a user's sessions");
        }
    }

    @Override
    public boolean isRevoked(String jti, @Nullable String user, Instant issuedAt) {
        List<io.lettuce.core.KeyValue<String, String>> values = run(() -> user == null
            ? redis.mget("hz:revoked:s:" + jti) : redis.mget("hz:revoked:s:" + jti, "hz:revoked:u:" + user),
            "check a token");
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
        try {
            return "PONG".equals(redis.ping());
        } catch (RedisException e) {
            return false;
        }
    }

    private static long ttlMillis(Instant until) {
        return Duration.between(Instant.now(), until).toMillis();
    }

    private <T> T run(java.util.function.Supplier<T> command, String what) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new SessionStoreException("revocation list at " + uri + ": cannot " + what + ": " + e.getMessage(),
                e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
