package dev.horizon.balance;

import org.jspecify.annotations.Nullable;

final class Maglev implements HashBalancer {
    static final int DEFAULT_TABLE_SIZE = 65537;
    private final Pool pool;

    Maglev(Pool pool, int size) {
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
