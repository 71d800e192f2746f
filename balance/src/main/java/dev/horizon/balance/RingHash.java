package dev.horizon.balance;

import org.jspecify.annotations.Nullable;

final class RingHash implements HashBalancer {
    private final Pool pool;

    RingHash(Pool pool) {
        this.pool = pool;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        return pool.isEmpty() ? null : pool.get((int) Long.remainderUnsigned(key, pool.size()));
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public HashBalancer withBoundedLoad(double factor) {
        return this;
    }
}
