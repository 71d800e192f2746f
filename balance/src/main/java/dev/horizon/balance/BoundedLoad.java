package dev.horizon.balance;

import org.jspecify.annotations.Nullable;

/**
 * Consistent hashing with bounded loads over any {@link KeyPlacement}: a key goes to its first candidate whose
 * in-flight count may still grow, {@code load + 1 <= ceil(factor × (total + 1) × w / Σw)}, where {@code total} sums
 * {@link EndpointLoad#inFlight()} over the pool's eligible endpoints.
 */
final class BoundedLoad implements HashBalancer {

    /*
     * Implementation notes.
     *
     * Mirrokni, Thorup, Zadimoghaddam, "Consistent Hashing with Bounded Loads" (arXiv 1608.01350), and Envoy's
     * hash_balance_factor (BoundedLoadHashingLoadBalancer). The paper bounds every bin by ceil(c × m / n) after the
     * m-th ball; here a request is the ball about to arrive, so the cap counts it: total + 1. Weighted caps are the
     * share w_i / Σw of that (Envoy also scales a host's slots by its normalized weight); jump hash places keys
     * without weights but is capped by them all the same.
     *
     * Candidates, in order: the placement's own sequence (the ring walks clockwise point by point, the others rehash
     * the key), then every endpoint in pool order starting from the first candidate. The final scan always finds one
     * on a consistent snapshot of the loads. Proof: suppose every i were refused, load_i + 1 > cap_i. Both sides are
     * integers, so load_i >= cap_i >= factor × (total + 1) × w_i / Σw >= (total + 1) × w_i / Σw, and summing over i
     * gives total >= total + 1. (Rounding only changes the computed sum of caps by far less than 1, and that sum is an
     * integer at least total + 1 - ε, hence at least total + 1.) Loads move while a pick reads them; if a concurrent
     * update ever leaves no endpoint acceptable, the pick falls back to the first candidate rather than fail.
     *
     * A pick reads every endpoint's counter once for the total (O(n)), then the candidates' counters; no allocation,
     * no lock.
     */

    private final KeyPlacement placement;
    private final double factor;

    BoundedLoad(KeyPlacement placement, double factor) {
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("balance factor: " + factor + " (expected: >= 1.0 and finite)");
        }
        this.placement = placement;
        this.factor = factor;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        Pool pool = placement.pool();
        int n = pool.size();
        if (n == 0) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += pool.load(i).inFlight();
        }
        double scale = factor * (total + 1);
        int first = placement.candidate(key, 0);
        if (accepts(pool, first, scale)) {
            return pool.get(first);
        }
        int attempts = placement.candidates();
        for (int attempt = 1; attempt < attempts; attempt++) {
            int c = placement.candidate(key, attempt);
            if (accepts(pool, c, scale)) {
                return pool.get(c);
            }
        }
        for (int step = 1; step < n; step++) {
            int c = first + step < n ? first + step : first + step - n;
            if (accepts(pool, c, scale)) {
                return pool.get(c);
            }
        }
        return pool.get(first);
    }

    /** Whether endpoint {@code i} may take one more request: {@code load + 1 <= ceil(scale × w_i / Σw)}. */
    private static boolean accepts(Pool pool, int i, double scale) {
        return pool.load(i).inFlight() + 1 <= Math.ceil(scale * pool.weight(i) / pool.totalWeight());
    }

    @Override
    public HashBalancer withBoundedLoad(double newFactor) {
        return new BoundedLoad(placement, newFactor);
    }

    @Override
    public Pool pool() {
        return placement.pool();
    }

    /** The balance factor. */
    double factor() {
        return factor;
    }

    @Override
    public String toString() {
        return "BoundedLoad[factor=" + factor + ", " + placement + "]";
    }
}
