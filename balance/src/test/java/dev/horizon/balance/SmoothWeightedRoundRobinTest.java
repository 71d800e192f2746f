package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.pool;
import static dev.horizon.balance.Fixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    @Test
    void weightsFiveOneOneGiveNginxSequence() {
        LoadBalancer swrr = LoadBalancer.smoothWeightedRoundRobin(pool("a:5", "b:1", "c:1"));

        assertThat(sequence(swrr, 21)).isEqualTo("a a b a c a a a a b a c a a a a b a c a a");
    }

    @Test
    void weightsTwoOneAlternateSmoothly() {
        assertThat(sequence(LoadBalancer.smoothWeightedRoundRobin(pool("a:2", "b:1")), 6)).isEqualTo("a b a a b a");
    }

    @Test
    void nginxSequenceForFourUnevenWeights() {
        // Hand-run of ngx_http_upstream_get_peer, current weights after each pick (a=4, b=3, c=2, d=1, total 10):
        // a(-6,3,2,1) b(-2,-4,4,2) c(2,-1,-4,3) a(-4,2,-2,4) b(0,-5,0,5) d(4,-2,2,-4) a(-2,1,4,-3) c(2,4,-4,-2)
        // b(6,-3,-2,-1) a(0,0,0,0) -- at the fifth pick b and d tie at 5 and the first peer wins, as in nginx
        assertThat(sequence(LoadBalancer.smoothWeightedRoundRobin(pool("a:4", "b:3", "c:2", "d:1")), 10))
            .isEqualTo("a b c a b d a c b a");
    }

    @Test
    void commonFactorOfWeightsDoesNotChangeTheSequence() {
        SmoothWeightedRoundRobin scaled = new SmoothWeightedRoundRobin(pool("a:500", "b:100", "c:100"), 0);

        assertThat(scaled.period()).isEqualTo(7);
        assertThat(sequence(scaled, 7)).isEqualTo("a a b a c a a");
    }

    @Test
    void equalWeightsArePlainRoundRobin() {
        assertThat(sequence(LoadBalancer.smoothWeightedRoundRobin(pool("a:3", "b:3", "c:3")), 6))
            .isEqualTo("a b c a b c");
    }

    @Test
    void fractionalWeightsAreQuantizedToOnePercentOfTheLargest() {
        // slow start: b is at 50 % of its weight -> 1 : 0.5 -> 100 : 50 -> 2 : 1
        Pool pool = Pool.of(Fixtures.endpoints("a", "b"), 50, e -> e.id().equals("b") ? 0.5 : 1.0);
        SmoothWeightedRoundRobin swrr = new SmoothWeightedRoundRobin(pool, 0);

        assertThat(swrr.period()).isEqualTo(3);
        assertThat(sequence(swrr, 3)).isEqualTo("a b a");
        assertThat(SmoothWeightedRoundRobin.integerWeights(
            Pool.of(Fixtures.endpoints("a", "b"), 50, e -> e.id().equals("b") ? 0.337 : 1.0)))
            .as("0.337 -> 34 %, then divided by gcd(100, 34) = 2").containsExactly(50, 17);
    }

    @Test
    void hugeUnevenPoolIsScaledToTheBuildBudget() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            endpoints.add(Endpoint.of("10.1." + i / 250 + "." + i % 250 + ":80", 1 + i % 10 * 100));
        }
        int[] weights = SmoothWeightedRoundRobin.integerWeights(Pool.of(endpoints));
        long total = Arrays.stream(weights).asLongStream().sum();

        // 1000 endpoints, weights 1..901 summing to 451,000: 4.5e8 build steps, over the budget of 2^24
        assertThat(1000 * total).isLessThanOrEqualTo(SmoothWeightedRoundRobin.BUILD_BUDGET);
        for (int i = 0; i + 1 < 10; i++) {
            assertThat(weights[i]).as("weight order kept").isGreaterThanOrEqualTo(1).isLessThan(weights[i + 1]);
        }
    }

    @Test
    void counterSurvivesIntegerOverflow() {
        // the counter starts 3 picks before it wraps: 4294967293 % 7 = 1, then 2, 3, and after the wrap 0, 1
        SmoothWeightedRoundRobin swrr = new SmoothWeightedRoundRobin(pool("a:5", "b:1", "c:1"), -3);

        assertThat(sequence(swrr, 5)).isEqualTo("a b a a a");
    }
}
