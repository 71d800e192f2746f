package dev.horizon.gateway.internal;

import dev.horizon.gateway.RateLimit;
import dev.horizon.limit.Decision;
import dev.horizon.limit.Rate;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One route's rate limit as the data plane runs it: reads the request's key, decides it in this process's buckets or
 * in Redis, turns the decision into a {@link Verdict} by the limit's mode, and counts it.
 *
 * <p>A global decision that Redis has not answered within {@link RateLimit#REDIS_TIMEOUT} (Envoy's 20 ms), or that
 * failed, is decided by {@code on-redis-down} and counted in {@link #redisErrors}; the first failure of an outage is
 * logged, not every one. A global verdict always arrives on the exchange's event loop.
 */
final class RouteLimiter {

    /** Microseconds in nanoseconds: the unit of the Redis script's times. */
    private static final long MICROS = 1_000;

    /**
     * What to do with a request.
     *
     * @param admit             whether it goes on to the service
     * @param retryAfterSeconds for a refused one, the {@code Retry-After}
     * @param field             for an admitted one, the {@code RateLimit} field to add to its answer; null for none
     */
    record Verdict(boolean admit, long retryAfterSeconds, @Nullable String field) {
    }

    private final String route;
    private final RateLimit limit;
    private final RateLimitFields fields;
    private final Rate rate;
    private final @Nullable LocalBuckets local;
    private final @Nullable RedisGcra redis;
    final LongAdder allowed = new LongAdder();
    final LongAdder limited = new LongAdder();
    final LongAdder shadow = new LongAdder();
    final LongAdder redisErrors = new LongAdder();

    RouteLimiter(String route, RateLimit limit, @Nullable RedisGcra redis) {
        this.route = route;
        this.limit = limit;
        this.fields = new RateLimitFields(route, limit);
        this.rate = limit.rate();
        this.local = limit.scope() == RateLimit.Scope.LOCAL ? new LocalBuckets(rate) : null;
        this.redis = limit.scope() == RateLimit.Scope.GLOBAL ? redis : null;
    }

    String route() {
        return route;
    }

    RateLimit limit() {
        return limit;
    }

    RateLimitFields fields() {
        return fields;
    }

    /** The request's key value: its client address, header or cookie (empty when absent), or "" for the route. */
    String key(Exchange e) {
        return switch (limit.key().source()) {
            case CLIENT_IP -> e.client.address();
            case HEADER -> e.request.headers().get(limit.key().name(), "");
            case COOKIE -> {
                String value = e.view.cookie(limit.key().name());
                yield value == null ? "" : value;
            }
            case ROUTE -> "";
        };
    }

    /** Whether the decision waits for Redis ({@link #decideGlobal}); else it is {@link #decideLocal}. */
    boolean global() {
        return local == null;
    }

    /** Decides a request of key {@code key} in this process's buckets. */
    Verdict decideLocal(String key, long nowNanos) {
        LocalBuckets buckets = local;
        if (buckets == null) {
            throw new IllegalStateException("route " + route + " has a global rate limit");
        }
        return verdict(buckets.take(key, nowNanos), 1);
    }

    /**
     * Decides a request of key {@code key} in Redis and hands the verdict to {@code then} on {@code loop}, within
     * {@link RateLimit#REDIS_TIMEOUT}.
     */
    void decideGlobal(String key, EventLoop loop, Consumer<Verdict> then) {
        RedisGcra r = redis;
        if (r == null) {
            then.accept(redisDown(new IllegalStateException("no Redis for route " + route)));
            return;
        }
        Pending pending = new Pending(then);
        ScheduledFuture<?> timer = loop.schedule(() -> pending.deliver(() -> redisDown(new TimeoutException(
            "no answer within " + RateLimit.REDIS_TIMEOUT.toMillis() + " ms"))), RateLimit.REDIS_TIMEOUT.toNanos(),
            TimeUnit.NANOSECONDS);
        r.decide("horizon:rate-limit:" + route + ":" + key, rate.intervalMicros(), rate.burst(), null)
            .whenComplete((d, error) -> loop.execute(() -> {
                timer.cancel(false);
                pending.deliver(() -> {
                    if (error != null) {
                        return redisDown(error);
                    }
                    r.answered();
                    return verdict(d, MICROS);
                });
            }));
    }

    /** The verdict of a decision whose times are in units of {@code unitNanos}, counted. */
    private Verdict verdict(Decision d, long unitNanos) {
        boolean enforce = limit.mode() == RateLimit.Mode.ENFORCE;
        if (d.allowed()) {
            allowed.increment();
            return enforce && limit.headers()
                ? new Verdict(true, 0, fields.rateLimit(d.remaining(), RateLimitFields.seconds(d.resetAfter(),
                    unitNanos)))
                : new Verdict(true, 0, null);
        }
        if (!enforce) {
            shadow.increment();
            return new Verdict(true, 0, null);
        }
        limited.increment();
        return new Verdict(false, Math.max(1, RateLimitFields.seconds(d.retryAfter(), unitNanos)), null);
    }

    /** The verdict when Redis did not answer: by {@code on-redis-down}, counted, the outage logged once. */
    private Verdict redisDown(Throwable cause) {
        redisErrors.increment();
        boolean closed = limit.redisDown() == RateLimit.RedisDown.CLOSED;
        RedisGcra r = redis;
        if (r != null) {
            r.failed(cause, closed);
        }
        if (!closed) {
            allowed.increment();
            return new Verdict(true, 0, null);
        }
        if (limit.mode() == RateLimit.Mode.SHADOW) {
            shadow.increment();
            return new Verdict(true, 0, null);
        }
        limited.increment();
        return new Verdict(false, 1, null);
    }

    /** A global decision under way: the first of answer and timeout is delivered. Confined to the event loop. */
    private static final class Pending {
        private final Consumer<Verdict> then;
        private boolean done;

        Pending(Consumer<Verdict> then) {
            this.then = then;
        }

        void deliver(Supplier<Verdict> verdict) {
            if (!done) {
                done = true;
                then.accept(verdict.get());
            }
        }
    }
}
