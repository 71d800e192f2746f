package dev.horizon.demo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Failure counts in this process's memory: a Caffeine cache bounded in size (so a flood of made-up user names or
 * addresses cannot exhaust the heap; it evicts the least useful entries, by Caffeine's W-TinyLFU) whose entries
 * expire {@code forgetAfter} after their last write, on the throttle's clock. Each count is updated inside
 * {@code compute}, so the test and the charge of {@link #chargeUnlessLocked} are one atomic step.
 */
final class LocalAttemptStore implements AttemptStore {

    /** One key's failures: how many, and when the last was. */
    private record Failures(long count, long lastMillis) {
    }

    private final Cache<String, Failures> counts;
    private final long forgetMillis;
    private final InstantSource clock;

    LocalAttemptStore(int maxKeys, Duration forgetAfter, InstantSource clock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: at least 1)");
        }
        this.forgetMillis = forgetAfter.toMillis();
        this.clock = clock;
        this.counts = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(forgetAfter)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(this.clock.millis())).build();
    }

    @Override
    public long lockedMillis(String key, LoginThrottle.Limit limit, long nowMillis) {
        Failures f = live(counts.getIfPresent(key), nowMillis);
        return f == null ? 0 : limit.lockedMillis(f.count(), f.lastMillis(), nowMillis);
    }

    @Override
    public long chargeUnlessLocked(String key, LoginThrottle.Limit limit, long nowMillis) {
        long[] wait = {0};
        counts.asMap().compute(key, (k, old) -> {
            Failures f = live(old, nowMillis);
            if (f == null) {
                return new Failures(1, nowMillis);
            }
            wait[0] = limit.lockedMillis(f.count(), f.lastMillis(), nowMillis);
            return wait[0] > 0 ? f : new Failures(f.count() + 1, nowMillis);
        });
        return wait[0];
    }

    @Override
    public void clear(String key) {
        counts.invalidate(key);
    }

    @Override
    public void refund(String key) {
        counts.asMap().computeIfPresent(key, (k, f) -> f.count() <= 1 ? null : new Failures(f.count() - 1,
            f.lastMillis()));
    }

    /** How many keys are kept now (after pending evictions). */
    long size() {
        counts.cleanUp();
        return counts.estimatedSize();
    }

    /** The count unless it is due to be forgotten (the cache may not have evicted it yet). */
    private @Nullable Failures live(@Nullable Failures f, long nowMillis) {
        return f == null || nowMillis - f.lastMillis() >= forgetMillis ? null : f;
    }
}
