package dev.horizon.balance;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Weighted least connections (nginx {@code least_conn}, HAProxy {@code leastconn}): the endpoint with the fewest
 * {@linkplain EndpointLoad#connections() connections} per unit of weight.
 *
 * <p>Implementation notes. An O(n) scan comparing {@code connections_i / weight_i} by cross-multiplication. On a tie
 * the heavier endpoint wins (in an idle pool the weights decide); among equally weighted ties the first in scan order
 * wins, and the scan starts at a position that advances by one each pick, so tied endpoints take turns instead of the
 * first one taking every request. nginx breaks ties with its weighted round robin to the same effect.
 */
final class LeastConnections implements LoadBalancer {

    private final Pool pool;
    private final AtomicInteger start;

    LeastConnections(Pool pool, int start) {
        this.pool = pool;
        this.start = new AtomicInteger(start);
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        int n = pool.size();
        if (n == 0) {
            return null;
        }
        int first = Integer.remainderUnsigned(start.getAndIncrement(), n);
        int best = first;
        double bestConnections = pool.load(best).connections();
        double bestWeight = pool.weight(best);
        for (int step = 1; step < n; step++) {
            int i = first + step;
            if (i >= n) {
                i -= n;
            }
            double connections = pool.load(i).connections();
            double weight = pool.weight(i);
            double mine = connections * bestWeight;
            double theirs = bestConnections * weight;
            if (mine < theirs || mine == theirs && weight > bestWeight) {
                best = i;
                bestConnections = connections;
                bestWeight = weight;
            }
        }
        return pool.get(best);
    }

    @Override
    public Pool pool() {
        return pool;
    }
}
