package dev.horizon.gateway.internal;

import dev.horizon.limit.Decision;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Global rate-limit decisions in one Redis or one Redis Cluster: {@link dev.horizon.limit.Gcra}'s step as one Lua
 * script, one round trip per decision, over one asynchronous Lettuce connection that every event loop shares (Lettuce
 * pipelines the calls; on a Cluster it sends each call to the master of its key's slot).
 *
 * <p>Implementation notes. The script reads the key's TAT, decides and writes the new TAT with a TTL of its
 * reset-after, so an idle key disappears once its quota is whole (redis-cell stores the same one number). It takes
 * "now" from Redis's {@code TIME}, so gateways whose clocks disagree still share one timeline; a test may pass the
 * time instead, to compare the script with {@code Gcra} on a manual clock. Numbers are microseconds, whole, below
 * 2^53, so Lua's doubles are exact, and they are written with {@code %.0f} because Lua's {@code tostring} keeps only 14
 * digits. One key per decision makes the script safe on Redis Cluster without hash tags. It is sent as
 * {@code EVALSHA}; a {@code NOSCRIPT} answer (a restarted or flushed Redis) sends it once as {@code EVAL}, which also
 * caches it again. While the connection is down Lettuce rejects commands at once instead of queueing them for the
 * reconnect; a connect that failed is retried at most once a second.
 */
final class RedisGcra implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisGcra.class.getName());

    static final String SCRIPT = """
        local now
        if ARGV[3] then
          now = tonumber(ARGV[3])
        else
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local interval = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local nxt = tat + interval
        local allow_at = nxt - interval * burst
        if now < allow_at then
          return {0, 0, allow_at - now, tat - now}
        end
        local ttl = math.ceil((nxt - now) / 1000)
        redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', string.format('%.0f', ttl))
        return {1, math.floor((now - allow_at) / interval), 0, nxt - now}
        """;

    static final String SHA = sha1(SCRIPT);
    private static final long RECONNECT_NANOS = Duration.ofSeconds(1).toNanos();

    private final String uri;
    private final RedisLink link;
    private final GatewayClock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile @Nullable CompletableFuture<RedisLink.Open> connection;
    private volatile long lastConnect;

    RedisGcra(String uri, ClientResources resources, GatewayClock clock) {
        this.uri = uri;
        this.clock = clock;
        this.link = RedisLink.of(uri, resources);
        connect();
    }

    private CompletableFuture<RedisLink.Open> connect() {
        lastConnect = clock.nanos();
        CompletableFuture<RedisLink.Open> c = link.connect();
        connection = c;
        return c;
    }

    /**
     * Decides one request of key {@code key}; the answer's times are microseconds. Fails when Redis cannot answer.
     *
     * @param nowMicros the time to decide at, or null for Redis's clock
     */
    CompletionStage<Decision> decide(String key, long intervalMicros, long burst, @Nullable Long nowMicros) {
        CompletableFuture<RedisLink.Open> c = connection;
        if (c == null || c.isCompletedExceptionally() && clock.nanos() - lastConnect > RECONNECT_NANOS) {
            c = connect();
        }
        RedisLink.Open open = open(c);
        if (open == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + uri + why(c)));
        }
        RedisClusterAsyncCommands<String, String> redis = open.commands();
        String[] keys = {key};
        String[] args = nowMicros == null ? new String[] {Long.toString(intervalMicros), Long.toString(burst)}
            : new String[] {Long.toString(intervalMicros), Long.toString(burst), Long.toString(nowMicros)};
        CompletionStage<List<Long>> answer = redis.<List<Long>>evalsha(SHA, ScriptOutputType.MULTI, keys, args)
            .exceptionallyCompose(e -> noScript(e)
                ? redis.<List<Long>>eval(SCRIPT, ScriptOutputType.MULTI, keys, args)
                : CompletableFuture.failedFuture(e));
        return answer.thenApply(RedisGcra::decision);
    }

    /** {@code : the reason} a connect failed, or nothing while it is under way. */
    private static String why(CompletableFuture<RedisLink.Open> c) {
        if (!c.isCompletedExceptionally()) {
            return "";
        }
        Throwable t = c.exceptionNow();
        Throwable root = t.getCause() != null ? t.getCause() : t;
        return ": " + root.getMessage();
    }

    private static boolean noScript(Throwable e) {
        return e instanceof RedisNoScriptException || e.getCause() instanceof RedisNoScriptException;
    }

    private static RedisLink.@Nullable Open open(@Nullable CompletableFuture<RedisLink.Open> c) {
        return c != null && c.isDone() && !c.isCompletedExceptionally() ? c.join() : null;
    }

    private static Decision decision(List<Long> reply) {
        boolean allowed = reply.get(0) == 1;
        return new Decision(allowed, 0, reply.get(1), reply.get(2), reply.get(3));
    }

    /** Notes a decision that failed or timed out: logs the first failure of an outage; whether it was the first. */
    boolean failed(Throwable cause, boolean failClosed) {
        if (down.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "rate limits: " + uri + " does not answer (" + cause.getMessage()
                + "); global limits " + (failClosed ? "refuse (on-redis-down: closed)" : "admit (on-redis-down: open)")
                + " until it does");
            return true;
        }
        return false;
    }

    /** Notes a decision that Redis answered: logs the end of an outage. */
    void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "rate limits: " + uri + " answers again");
        }
    }

    @Override
    public void close() {
        RedisLink.Open open = open(connection);
        if (open != null) {
            open.connection().close();
        }
        link.shutdown();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
