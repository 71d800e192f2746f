package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.pool;
import static dev.horizon.balance.Fixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    void cyclesThroughEndpointsInOrderIgnoringWeights() {
        LoadBalancer rr = LoadBalancer.roundRobin(pool("a:5", "b:1", "c:1"));

        assertThat(sequence(rr, 7)).isEqualTo("a b c a b c a");
    }

    @Test
    void skipsEndpointsThatAreNotHealthy() {
        List<Endpoint> endpoints = new ArrayList<>(Fixtures.endpoints("a", "b", "c", "d"));
        endpoints.set(1, endpoints.get(1).withHealth(Health.EJECTED));

        assertThat(sequence(LoadBalancer.roundRobin(Pool.of(endpoints)), 6)).isEqualTo("a c d a c d");
    }

    @Test
    void counterWrapsPastMaxIntWithoutANegativeIndex() {
        // Signed, Integer.MAX_VALUE + 1 is negative and Math.abs(MIN_VALUE) % n would throw; read unsigned, the
        // counter goes on: 2147483646 % 3 = 0, 2147483647 % 3 = 1, 2147483648 % 3 = 2, 2147483649 % 3 = 0.
        LoadBalancer rr = new RoundRobin(pool("a", "b", "c"), Integer.MAX_VALUE - 1);

        assertThat(sequence(rr, 4)).isEqualTo("a b c a");
    }

    @Test
    void counterWrapsPastUnsignedMaxAndRestartsTheRotation() {
        // 4294967294 % 3 = 2, 4294967295 % 3 = 0, then the counter is back at 0 % 3 = 0: one endpoint is picked twice
        // in a row once every 2^32 picks when the pool size does not divide 2^32, and never otherwise.
        assertThat(sequence(new RoundRobin(pool("a", "b", "c"), -2), 4)).isEqualTo("c a a b");
        assertThat(sequence(new RoundRobin(pool("a", "b", "c", "d"), -2), 4)).isEqualTo("c d a b");
    }
}
