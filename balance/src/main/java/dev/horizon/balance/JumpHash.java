package dev.horizon.balance;

import org.jspecify.annotations.Nullable;

/**
 * Lamping and Veach's jump consistent hash: the key picks a bucket {@code 0..n-1}, the index of an eligible endpoint
 * in the pool's order. Weights are ignored. Growing the pool at the end moves exactly the keys that go to the new
 * endpoint; any other change (removing or reordering endpoints) moves far more.
 */
final class JumpHash implements HashBalancer, KeyPlacement {

    /*
     * Implementation notes.
     *
     * John Lamping, Eric Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (arXiv 1406.2294), figure 1. The
     * key seeds a 64-bit linear congruential generator (multiplier 2862933555777941757, increment 1); each step
     * draws r from its top 31 bits and jumps from bucket b to floor((b + 1) / r), until the jump passes n - 1. The
     * expected number of jumps is ln n. The key is used as given (not rehashed), so the paper's vectors hold:
     * key 1 gives buckets 0,0,0,0,0,0,6,6,...,17,17 for n = 1..19.
     */

    private final Pool pool;

    JumpHash(Pool pool) {
        this.pool = pool;
    }

    /** The bucket of {@code key} among {@code buckets} (at least 1). */
    static int bucket(long key, int buckets) {
        long state = key;
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            state = state * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((state >>> 33) + 1)));
        }
        return (int) b;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        return pool.isEmpty() ? null : pool.get(bucket(key, pool.size()));
    }

    @Override
    public HashBalancer withBoundedLoad(double factor) {
        return new BoundedLoad(this, factor);
    }

    @Override
    public Pool pool() {
        return pool;
    }


    @Override
    public int candidate(long key, int attempt) {
        return bucket(attempt == 0 ? key : KeyPlacement.rehash(key, attempt), pool.size());
    }

    @Override
    public String toString() {
        return "JumpHash[" + pool + "]";
    }
}
