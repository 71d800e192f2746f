package dev.horizon.balance;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A random endpoint: uniform when weights are equal, in proportion to weight otherwise.
 *
 * <p>Implementation notes. Weighted draws use Walker's alias method in Vose's numerically stable form: construction
 * splits the weights into n columns of height 1, each holding at most two endpoints; a pick draws a column and a
 * coin. O(1) per pick, no allocation.
 */
final class RandomPick implements LoadBalancer {

    private final Pool pool;
    private final Supplier<? extends RandomGenerator> random;
    private final double[] probability;
    private final int[] alias;

    RandomPick(Pool pool, Supplier<? extends RandomGenerator> random) {
        this.pool = pool;
        this.random = random;
        int n = pool.equalWeights() ? 0 : pool.size();
        this.probability = new double[n];
        this.alias = new int[n];
        buildAliasTable();
    }

    private void buildAliasTable() {
        int n = probability.length;
        double[] scaled = new double[n];
        Deque<Integer> small = new ArrayDeque<>();
        Deque<Integer> large = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            scaled[i] = pool.weight(i) * n / pool.totalWeight();
            (scaled[i] < 1 ? small : large).push(i);
        }
        while (!small.isEmpty() && !large.isEmpty()) {
            int less = small.pop();
            int more = large.pop();
            probability[less] = scaled[less];
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            (scaled[more] < 1 ? small : large).push(more);
        }
        while (!large.isEmpty()) {
            probability[large.pop()] = 1;
        }
        while (!small.isEmpty()) {
            probability[small.pop()] = 1;
        }
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        int n = pool.size();
        if (n <= 1) {
            return n == 0 ? null : pool.get(0);
        }
        RandomGenerator r = random.get();
        int column = r.nextInt(n);
        if (probability.length == 0) {
            return pool.get(column);
        }
        return pool.get(r.nextDouble() < probability[column] ? column : alias[column]);
    }

    @Override
    public Pool pool() {
        return pool;
    }
}
