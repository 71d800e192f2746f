package dev.horizon.balance;

import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's weighted Maglev: a lookup table of a prime number of slots, each holding an endpoint, filled so that every
 * endpoint owns slots in proportion to its weight; a key goes to {@code table[key mod size]}, the key read as an
 * unsigned 64-bit number.
 */
final class Maglev implements HashBalancer, KeyPlacement {

    /*
     * Implementation notes.
     *
     * Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer" (NSDI 2016), section 3.4,
     * pseudocode listing 1, with the weighting of Envoy's maglev_lb.cc (OriginalMaglevTable):
     *   - endpoints are taken in id order (Envoy sorts by the string it hashes), so the table does not depend on the
     *     pool's order;
     *   - offset = xxHash64(id, seed 0) mod M and skip = xxHash64(id, seed 1) mod (M - 1) + 1, over the id's UTF-8
     *     bytes, so endpoint i prefers the slots offset, offset + skip, offset + 2·skip, ... (mod M); M prime makes
     *     this a permutation of all M slots;
     *   - weights are normalized (w / Σw); in round r = 1, 2, ... an endpoint whose target is at most r·w claims its
     *     next free preferred slot and raises its target by the largest normalized weight, so the heaviest endpoint
     *     claims a slot every round and one of a third of its weight every third round;
     *   - filling stops the moment the last slot is taken, even mid-round.
     * With ids equal to Envoy's host addresses the table is Envoy's slot for slot (MaglevTest pins Envoy's own
     * expected tables). Weights 1:2 over 65,537 slots give 21,846 and 43,691.
     *
     * Maglev trades some consistency for balance: a membership change can move a few keys between endpoints that
     * stayed, not only to or from the one that changed.
     */

    /** Envoy's default and the paper's recommended table size, a prime. */
    static final int DEFAULT_TABLE_SIZE = 65537;

    private final Pool pool;
    private final int size;
    private final int[] table;

    Maglev(Pool pool, int size) {
        if (!isPrime(size)) {
            throw new IllegalArgumentException("maglev table size: " + size + " (expected: a prime number)");
        }
        this.pool = pool;
        this.size = size;
        this.table = pool.isEmpty() ? new int[0] : fill(pool, size);
    }

    private static int[] fill(Pool pool, int size) {
        int n = pool.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> pool.get(i).id()));
        long[] position = new long[n];
        long[] skip = new long[n];
        double[] weight = new double[n];
        double[] target = new double[n];
        double maxWeight = 0;
        for (int k = 0; k < n; k++) {
            String id = pool.get(order[k]).id();
            position[k] = Long.remainderUnsigned(HashKey.xxHash64(id, 0), size);
            skip[k] = Long.remainderUnsigned(HashKey.xxHash64(id, 1), size - 1) + 1;
            weight[k] = pool.weight(order[k]) / pool.totalWeight();
            maxWeight = Math.max(maxWeight, weight[k]);
        }
        int[] table = new int[size];
        Arrays.fill(table, -1);
        int filled = 0;
        for (int round = 1; filled < size; round++) {
            for (int k = 0; k < n && filled < size; k++) {
                if (round * weight[k] < target[k]) {
                    continue;
                }
                target[k] += maxWeight;
                while (table[(int) position[k]] >= 0) {
                    position[k] = advance(position[k], skip[k], size);
                }
                table[(int) position[k]] = order[k];
                position[k] = advance(position[k], skip[k], size);
                filled++;
            }
        }
        return table;
    }

    private static long advance(long position, long skip, int size) {
        long next = position + skip;
        return next >= size ? next - size : next;
    }

    private static boolean isPrime(int m) {
        if (m < 2) {
            return false;
        }
        for (int d = 2; (long) d * d <= m; d++) {
            if (m % d == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        return table.length == 0 ? null : pool.get(table[slot(key)]);
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
        return table[slot(attempt == 0 ? key : KeyPlacement.rehash(key, attempt))];
    }

    private int slot(long key) {
        return (int) Long.remainderUnsigned(key, size);
    }

    /** The table size, a prime. */
    int size() {
        return size;
    }

    /** The pool index of the endpoint in slot {@code s}; requires a non-empty pool. */
    int entry(int s) {
        return table[s];
    }

    @Override
    public String toString() {
        return "Maglev[size=" + size + ", " + pool + "]";
    }
}
