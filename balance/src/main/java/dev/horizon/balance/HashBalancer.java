package dev.horizon.balance;

/**
 * A consistent-hashing balancer: the same key goes to the same endpoint while the pool stays the same, and a change
 * of membership moves only about {@code 1/n} of the keys.
 *
 * <p>Keys are 64-bit hashes from {@link HashKey}. The ring hash reads the low 32 bits (so {@link HashKey#ketama} keys
 * land exactly where libketama puts them); the others read all 64. {@link #pick()} places key 0, so every request
 * without a key lands on the same endpoint: callers pass a key.
 */
public interface HashBalancer extends LoadBalancer {

    /** Default for {@link #withBoundedLoad(double)}: 1.25, the factor Mirrokni et al. evaluate as a good trade-off. */
    double DEFAULT_BALANCE_FACTOR = 1.25;

    /**
     * This placement with bounded loads (Mirrokni, Thorup, Zadimoghaddam, arXiv 1608.01350; Envoy's
     * {@code hash_balance_factor}): no endpoint takes a request that would bring its in-flight count above
     * {@code ceil(factor × (total in-flight + 1) × weight / total weight)}; such a key moves on to the endpoint this
     * algorithm would choose next (clockwise on the ring, a rehash for the others).
     *
     * @param factor at least 1.0 and finite
     */
    HashBalancer withBoundedLoad(double factor);

    /**
     * libketama-compatible ring hash: {@code floor(weight share × 40 × n)} MD5 digests per endpoint of its id plus
     * {@code -i}, four 32-bit points per digest, so 160 points per endpoint when weights are equal. Counts are
     * computed exactly, where libketama's single-precision arithmetic gives one digest fewer in some pools (61 equal
     * servers, for one).
     */
    static HashBalancer ringHash(Pool pool) {
        return new RingHash(pool);
    }

    /** Envoy's Maglev with a lookup table of 65,537 entries filled in proportion to weight. */
    static HashBalancer maglev(Pool pool) {
        return new Maglev(pool, Maglev.DEFAULT_TABLE_SIZE);
    }

    /**
     * Lamping and Veach's jump consistent hash (arXiv 1406.2294): no table, O(ln n) per pick. It cannot weigh
     * endpoints and ignores weights; it also assumes endpoints are added and removed at the end of the pool's order.
     */
    static HashBalancer jumpHash(Pool pool) {
        return new JumpHash(pool);
    }

    /**
     * Rendezvous (highest random weight) hashing: the endpoint with the highest score {@code -w / ln(h(key, id))},
     * O(n) per pick; removing an endpoint moves only its own keys, each to its next-highest endpoint.
     */
    static HashBalancer rendezvous(Pool pool) {
        return new Rendezvous(pool);
    }
}
