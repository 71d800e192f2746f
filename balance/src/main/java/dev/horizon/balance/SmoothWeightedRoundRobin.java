package dev.horizon.balance;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * nginx's smooth weighted round robin, exact: weights a=5, b=1, c=1 give {@code a a b a c a a}, repeating.
 *
 * <p>Implementation notes. nginx ({@code ngx_http_upstream_get_peer}) keeps a {@code current_weight} per peer; every
 * pick adds each peer's weight to it, takes the largest (the first one on ties) and subtracts the total from the
 * winner. That state machine is deterministic and, for integer weights, periodic with period {@code W = Σ weights}:
 * after W picks every peer was chosen exactly {@code weight} times and every {@code current_weight} is back at zero.
 * So this class runs it once, at construction, over one period and stores the schedule; a pick is one atomic
 * increment and an array read, lock-free and exact, where nginx itself is single-threaded per worker and scans all
 * peers on every pick.
 *
 * <p>Weights are reduced by their greatest common divisor first (scaling every weight by the same factor scales every
 * {@code current_weight} by it and leaves the sequence unchanged). Fractional weights (slow start) are quantized to
 * 1 % of the largest weight. Building costs {@code n × W} steps; a pool whose cost would exceed
 * {@value #BUILD_BUDGET} steps has its weights scaled down proportionally until it fits (never below 1), trading
 * exactness of the sequence for a bounded rebuild on very large, very unevenly weighted pools.
 *
 * <p>nginx's passive-failure feedback ({@code effective_weight -= weight / max_fails}) is deliberately not part of
 * the schedule: Horizon reacts to failing endpoints with outlier detection and slow start, which rebuild the pool.
 */
final class SmoothWeightedRoundRobin implements LoadBalancer {

    /** Upper bound on {@code n × W} when building the schedule. */
    static final long BUILD_BUDGET = 1L << 24;

    private final Pool pool;
    private final Endpoint[] schedule;
    private final AtomicInteger next;

    SmoothWeightedRoundRobin(Pool pool, int start) {
        this.pool = pool;
        this.schedule = buildSchedule(pool, integerWeights(pool));
        this.next = new AtomicInteger(start);
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        Endpoint[] s = schedule;
        if (s.length == 0) {
            return null;
        }
        return s[Integer.remainderUnsigned(next.getAndIncrement(), s.length)];
    }

    @Override
    public Pool pool() {
        return pool;
    }

    /** The length of one period of the schedule (the sum of the reduced weights). */
    int period() {
        return schedule.length;
    }

    static int[] integerWeights(Pool pool) {
        int n = pool.size();
        int[] q = new int[n];
        double max = 0;
        boolean integral = true;
        for (int i = 0; i < n; i++) {
            double w = pool.weight(i);
            max = Math.max(max, w);
            integral &= w == Math.rint(w) && w <= Endpoint.MAX_WEIGHT;
        }
        for (int i = 0; i < n; i++) {
            q[i] = integral ? (int) pool.weight(i) : (int) Math.max(1, Math.round(pool.weight(i) * 100 / max));
        }
        divideByGcd(q);
        long total = sum(q);
        while ((long) n * total > BUILD_BUDGET && total > n) {
            double scale = (double) BUILD_BUDGET / n / total;
            for (int i = 0; i < n; i++) {
                q[i] = (int) Math.max(1, Math.floor(q[i] * scale));
            }
            divideByGcd(q);
            total = sum(q);
        }
        return q;
    }

    private static Endpoint[] buildSchedule(Pool pool, int[] weights) {
        int n = weights.length;
        int total = (int) sum(weights);
        long[] current = new long[n];
        Endpoint[] schedule = new Endpoint[total];
        for (int k = 0; k < total; k++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            schedule[k] = pool.get(best);
        }
        return schedule;
    }

    private static void divideByGcd(int[] q) {
        int g = 0;
        for (int w : q) {
            g = gcd(g, w);
        }
        if (g > 1) {
            for (int i = 0; i < q.length; i++) {
                q[i] /= g;
            }
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long sum(int[] q) {
        long s = 0;
        for (int w : q) {
            s += w;
        }
        return s;
    }
}
