package dev.horizon.gateway;

import dev.horizon.limit.Rate;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code rate-limit} in {@code horizon.yaml}: {@code requests} per {@code per} for each value of
 * {@code key}, up to {@code burst} at once. A request over the quota gets 429 with {@code Retry-After} and the
 * {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-10.
 *
 * @param requests the quota per window, at least 1
 * @param per      the window
 * @param burst    the most requests admitted at once (the bucket's size), at least 1
 * @param key      what the quota counts by
 * @param scope    {@link Scope#LOCAL}: a token bucket in each gateway process; {@link Scope#GLOBAL}: GCRA in Redis,
 *                 shared by every gateway process using the same {@code redis}
 * @param mode     {@link Mode#SHADOW} only counts what would be limited, it never answers 429
 * @param redis    for a global limit, {@code redis://host:port[/db]} (one Redis) or
 *                 {@code redis-cluster://host:port,host:port,...} (a Redis Cluster by its seed nodes); null for a
 *                 local one
 * @param redisDown what a global limit does when Redis does not answer within {@link #REDIS_TIMEOUT}
 * @param headers  whether allowed answers carry the {@code RateLimit} field too (limited ones always do)
 */
public record RateLimit(long requests, Duration per, long burst, RateLimitKey key, Scope scope, Mode mode,
    @Nullable String redis, RedisDown redisDown, boolean headers) {

    /** How long a global decision may take before Redis counts as down (Envoy's rate-limit service default). */
    public static final Duration REDIS_TIMEOUT = Duration.ofMillis(20);

    private static final Pattern CLUSTER =
        Pattern.compile("redis-cluster://[^,:/\\s]+:\\d{1,5}(,[^,:/\\s]+:\\d{1,5})*");

    /** Where the quota is kept. */
    public enum Scope {
        /** In this gateway process: a token bucket per key. */
        LOCAL,
        /** In Redis: one GCRA key per key value, shared by every gateway. */
        GLOBAL
    }

    /** Whether the limit rejects. */
    public enum Mode {
        /** Requests over the quota get 429. */
        ENFORCE,
        /** Requests over the quota pass and are counted ({@code horizon_rate_limit_shadow_total}). */
        SHADOW
    }

    /** What a global limit does while Redis is unreachable or slow. */
    public enum RedisDown {
        /** Admit the request (Envoy's {@code failure_mode_deny: false}): an outage of Redis is no outage of the API. */
        OPEN,
        /** Answer 429 as if over the quota. */
        CLOSED
    }

    /** Validates the components: the rate's bounds, and a Redis URI exactly for a global limit. */
    public RateLimit {
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(redisDown, "redisDown");
        new Rate(requests, per, burst);
        if (scope == Scope.GLOBAL && (redis == null || !redis.startsWith("redis://") && !CLUSTER.matcher(redis)
            .matches())) {
            throw new IllegalArgumentException("redis: " + redis + " (expected: redis://host:port or "
                + "redis-cluster://host:port,host:port,... for scope global)");
        }
        if (scope == Scope.LOCAL && redis != null) {
            throw new IllegalArgumentException("redis: " + redis + " (expected: none for scope local)");
        }
    }

    /** A local, enforced limit of {@code requests} per {@code per} (burst as many) per client address. */
    public static RateLimit local(long requests, Duration per) {
        return new RateLimit(requests, per, requests, RateLimitKey.CLIENT_IP, Scope.LOCAL, Mode.ENFORCE, null,
            RedisDown.OPEN, true);
    }

    /** The quota as the limit laws take it. */
    public Rate rate() {
        return new Rate(requests, per, burst);
    }
}
