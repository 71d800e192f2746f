package dev.horizon.balance;

/**
 * How a consistent-hashing algorithm places a key, as a sequence of candidate endpoints: the first is where the key
 * lives, the others are where it goes when {@link BoundedLoad} turns the earlier ones down. Implemented by the four
 * {@link HashBalancer}s so that bounded load is written once.
 *
 * <p>Every method requires a non-empty pool, allocates nothing and is safe from any thread.
 */
interface KeyPlacement {

    /** The snapshot whose endpoint indexes {@link #candidate} returns. */
    Pool pool();

    /**
     * How many candidates {@link #candidate} offers per key, at least 1: by default one per endpoint (the placements
     * that rehash the key); the ring offers one per point instead.
     */
    default int candidates() {
        return pool().size();
    }

    /**
     * The index into {@link #pool()} of the {@code attempt}-th candidate for {@code key}; attempt 0 is the
     * unbounded placement. Candidates may repeat.
     *
     * @param attempt {@code 0..candidates()-1}
     */
    int candidate(long key, int attempt);

    /** The rehashed key of a further attempt, for placements that retry with a new key rather than walk a ring. */
    static long rehash(long key, int attempt) {
        return HashKey.of(key + attempt * 0x9E3779B97F4A7C15L);
    }
}
