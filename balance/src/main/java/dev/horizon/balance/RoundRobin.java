package dev.horizon.balance;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Plain round robin over the eligible endpoints, ignoring weights.
 *
 * <p>Implementation notes. One atomic increment per pick. The counter is read as an unsigned 32-bit number, so when
 * it wraps past {@code Integer.MAX_VALUE} the index stays in range ({@code Math.abs(Integer.MIN_VALUE)} is negative,
 * the classic bug); the rotation continues without a gap whenever the pool size divides 2^32, and otherwise jumps once
 * every 4 billion picks.
 */
final class RoundRobin implements LoadBalancer {

    private final Pool pool;
    private final AtomicInteger next;

    RoundRobin(Pool pool, int start) {
        this.pool = pool;
        this.next = new AtomicInteger(start);
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        int n = pool.size();
        if (n == 0) {
            return null;
        }
        return pool.get(Integer.remainderUnsigned(next.getAndIncrement(), n));
    }

    @Override
    public Pool pool() {
        return pool;
    }
}
