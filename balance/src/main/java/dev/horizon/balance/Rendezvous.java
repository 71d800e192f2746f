package dev.horizon.balance;

import org.jspecify.annotations.Nullable;

/**
 * Weighted rendezvous (highest random weight) hashing: every endpoint scores the key, {@code -w / ln(u)} with
 * {@code u} a hash of the key and the endpoint's id mapped into (0, 1), and the highest score wins. A key moves only
 * when its winner leaves or a newcomer outscores it, and endpoint {@code i} wins a {@code w_i / Σw} share of keys.
 */
final class Rendezvous implements HashBalancer, KeyPlacement {

    /*
     * Implementation notes.
     *
     * Thaler and Ravishankar, "Using name-based mappings to increase hit rates" (IEEE/ACM ToN 1998) for the scheme;
     * the weighted score -w / ln(u) is Schindelhauer and Schomaker's "Weighted distributed hash tables" (SPAA 2005)
     * logarithmic method: with u uniform in (0, 1), -ln(u) / w is exponential with rate w, and the smallest of such
     * exponentials belongs to i with probability w_i / Σw; maximizing w / -ln(u) picks the same endpoint.
     *
     * Per endpoint, seed_i = xxHash64(id) is computed once. For a key k, m = HashKey.of(k) once, then
     * h_i = HashKey.of(m ^ seed_i) (a second full mix, so endpoints' hashes are independent), and
     * u_i = (top 52 bits of h_i + 0.5) / 2^52, exact in a double and strictly inside (0, 1), so ln(u_i) is finite and
     * negative and every score is finite and positive. Ties (equal scores, about one key in 2^52 for equal weights)
     * go to the smaller seed (unsigned), then to the earlier endpoint in the pool, so they do not depend on the pool's
     * order unless two ids' hashes collide. O(n) per pick, no allocation.
     */

    private final Pool pool;
    private final long[] seeds;
    private final double[] weights;

    Rendezvous(Pool pool) {
        this.pool = pool;
        int n = pool.size();
        this.seeds = new long[n];
        this.weights = new double[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = HashKey.of(pool.get(i).id());
            weights[i] = pool.weight(i);
        }
    }

    /** The score of the endpoint with id hash {@code seed} and weight {@code weight} for the mixed key {@code m}. */
    static double score(long m, long seed, double weight) {
        return -weight / Math.log(unit(HashKey.of(m ^ seed)));
    }

    /** The top 52 bits of {@code h} as a double strictly between 0 and 1: {@code (bits + 0.5) / 2^52}. */
    static double unit(long h) {
        return ((h >>> 12) + 0.5) * 0x1.0p-52;
    }

    private int place(long key) {
        long m = HashKey.of(key);
        if (pool.equalWeights()) {
            return placeUnweighted(m);
        }
        int best = 0;
        double bestScore = score(m, seeds[0], weights[0]);
        for (int i = 1; i < seeds.length; i++) {
            double s = score(m, seeds[i], weights[i]);
            if (s > bestScore || s == bestScore && Long.compareUnsigned(seeds[i], seeds[best]) < 0) {
                best = i;
                bestScore = s;
            }
        }
        return best;
    }

    /**
     * With equal weights the score {@code -w / ln(u)} grows with {@code u}, and {@code u} with the top 52 bits of the
     * endpoint's hash, so comparing those bits picks the same endpoint (ties included) without a logarithm.
     */
    private int placeUnweighted(long m) {
        int best = 0;
        long bestBits = HashKey.of(m ^ seeds[0]) >>> 12;
        for (int i = 1; i < seeds.length; i++) {
            long bits = HashKey.of(m ^ seeds[i]) >>> 12;
            if (bits > bestBits || bits == bestBits && Long.compareUnsigned(seeds[i], seeds[best]) < 0) {
                best = i;
                bestBits = bits;
            }
        }
        return best;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        return pool.isEmpty() ? null : pool.get(place(key));
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
        return place(attempt == 0 ? key : KeyPlacement.rehash(key, attempt));
    }

    @Override
    public String toString() {
        return "Rendezvous[" + pool + "]";
    }
}
