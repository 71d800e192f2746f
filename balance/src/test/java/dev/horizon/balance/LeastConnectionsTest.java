package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.pool;
import static dev.horizon.balance.Fixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeastConnectionsTest {

    @Test
    void picksFewestConnectionsPerUnitOfWeight() {
        Pool pool = pool("a:1", "b:1", "c:3");
        open(pool.get(0), 2);
        open(pool.get(1), 1);
        open(pool.get(2), 5);

        // ratios 2, 1, 1.67
        assertThat(LoadBalancer.leastConnections(pool).pick()).isSameAs(pool.get(1));
        open(pool.get(1), 1);
        // ratios 2, 2, 1.67
        assertThat(LoadBalancer.leastConnections(pool).pick()).isSameAs(pool.get(2));
    }

    @Test
    void idleEndpointsOfEqualWeightTakeTurns() {
        assertThat(sequence(LoadBalancer.leastConnections(pool("a", "b", "c")), 6)).isEqualTo("a b c a b c");
    }

    @Test
    void onATieTheHeavierEndpointWins() {
        assertThat(sequence(LoadBalancer.leastConnections(pool("a:1", "b:3")), 4)).isEqualTo("b b b b");

        Pool pool = pool("a:2", "b:1");
        open(pool.get(0), 2);
        open(pool.get(1), 1);
        // 2/2 == 1/1: a has the larger weight
        assertThat(sequence(new LeastConnections(pool, 1), 2)).isEqualTo("a a");
    }

    @Test
    void startOffsetWrapsPastMaxIntWithoutANegativeIndex() {
        assertThat(sequence(new LeastConnections(pool("a", "b", "c"), -2), 4)).isEqualTo("c a a b");
    }

    private static void open(Endpoint e, int connections) {
        for (int i = 0; i < connections; i++) {
            e.load().connectionOpened();
        }
    }
}
