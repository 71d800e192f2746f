package dev.horizon.session;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Lua script run with EVALSHA (its body travels once per server, after a NOSCRIPT answer), so a session operation
 * is one round trip of a few dozen bytes.
 */
final class RedisScript {

    private final String name;
    private final String body;
    private final String sha;
    private final ScriptOutputType output;

    RedisScript(String name, String body, ScriptOutputType output) {
        this.name = name;
        this.body = body;
        this.output = output;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** Sends the script; {@link #await} gets its answer (and retries with the body after NOSCRIPT). */
    RedisFuture<Object> send(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
        return redis.evalsha(sha, output, keys, args);
    }

    /** Runs the script and waits for its answer. */
    Object run(RedisConnection redis, String[] keys, String... args) {
        return await(redis, send(redis.commands(), keys, args), keys, args);
    }

    /** The answer of a sent script. */
    Object await(RedisConnection redis, RedisFuture<Object> sent, String[] keys, String... args) {
        try {
            return get(redis, sent);
        } catch (RedisNoScriptException notLoaded) {
            return get(redis, redis.commands().eval(body, output, keys, args));
        }
    }

    private Object get(RedisConnection redis, RedisFuture<Object> future) {
        return RedisScript.result(redis, future, "run the " + name + " script");
    }

    /** The result of any command, with failures as {@link SessionStoreException}s (NOSCRIPT passes through). */
    static <T> T result(RedisConnection redis, RedisFuture<T> future, String what) {
        try {
            return future.get(redis.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisNoScriptException noScript) {
                throw noScript;
            }
            throw new SessionStoreException(redis.description() + ": cannot " + what + ": "
                + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SessionStoreException(redis.description() + ": no answer within "
                + redis.timeout().toMillis() + "ms to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException(redis.role() + ": interrupted while waiting to " + what, e);
        }
    }
}
