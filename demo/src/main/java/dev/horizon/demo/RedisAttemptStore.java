package dev.horizon.demo;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * Failure counts in Redis, shared by every instance of the shop, so the limits hold for the whole fleet and not per
 * instance. A key is a hash {@code shop:login:KEY} of {@code n} (failures) and {@code t} (the last one, epoch
 * milliseconds of the instance that charged it) that expires {@code forgetAfter} after its last failure.
 *
 * <p>Implementation notes. The test-and-charge runs as one Lua script, so it is atomic across instances; the script
 * computes the lock as {@link LoginThrottle.Limit#lockedMillis} does (the contract test runs both stores over the
 * same script of attempts). Instances on different hosts compare their clocks through {@code t}; a skew of a second
 * shifts a lock by that second, which is harmless here.
 */
final class RedisAttemptStore implements AttemptStore {

    private static final String PREFIX = "shop:login:";

    /** KEYS[1]; ARGV: now, freeFailures, firstLock ms, maxLock ms, forgetAfter ms. Returns 0 or the wait in ms. */
    private static final String CHARGE_UNLESS_LOCKED = """
        local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
        local t = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
        local now, free = tonumber(ARGV[1]), tonumber(ARGV[2])
        if now - t >= tonumber(ARGV[5]) then n = 0 end
        if n >= free then
          local lock = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(n - free, 40))
          local wait = t + lock - now
          if wait > 0 then return math.floor(wait) end
        end
        redis.call('HSET', KEYS[1], 'n', n + 1, 't', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 0
        """;

    /** KEYS[1]: one failure fewer, the key gone at none. */
    private static final String REFUND = """
        local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
        if n > 1 then redis.call('HSET', KEYS[1], 'n', n - 1) elseif n == 1 then redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final long forgetMillis;
    private final String uri;

    private RedisAttemptStore(RedisClient client, StatefulRedisConnection<String, String> connection,
                              long forgetMillis, String uri) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.forgetMillis = forgetMillis;
        this.uri = uri;
    }

    static RedisAttemptStore connect(String uri, Duration forgetAfter) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("login limiter: '" + uri
                + "' is not a Redis URI (expected: redis://host:port)", e);
        }
        parsed.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(parsed);
        try {
            return new RedisAttemptStore(client, client.connect(), forgetAfter.toMillis(), uri);
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("login limiter: cannot connect to Redis at " + uri + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public long lockedMillis(String key, LoginThrottle.Limit limit, long nowMillis) {
        List<KeyValue<String, String>> f = call(() -> redis.hmget(PREFIX + key, "n", "t"));
        if (!f.get(0).hasValue() || !f.get(1).hasValue()) {
            return 0;
        }
        long last = Long.parseLong(f.get(1).getValue());
        return nowMillis - last >= forgetMillis ? 0
            : limit.lockedMillis(Long.parseLong(f.get(0).getValue()), last, nowMillis);
    }

    @Override
    public long chargeUnlessLocked(String key, LoginThrottle.Limit limit, long nowMillis) {
        Long wait = call(() -> redis.eval(CHARGE_UNLESS_LOCKED, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
            Long.toString(nowMillis), Integer.toString(limit.freeFailures()),
            Long.toString(limit.firstLock().toMillis()), Long.toString(limit.maxLock().toMillis()),
            Long.toString(forgetMillis)));
        return wait == null ? 0 : wait;
    }

    @Override
    public void clear(String key) {
        call(() -> redis.del(PREFIX + key));
    }

    @Override
    public void refund(String key) {
        call(() -> redis.eval(REFUND, ScriptOutputType.INTEGER, new String[] {PREFIX + key}));
    }

    private <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new AttemptStore.Unavailable("login limiter: Redis at " + uri + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
