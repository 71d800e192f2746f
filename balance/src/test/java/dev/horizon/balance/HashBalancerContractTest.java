package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What every {@link HashBalancer}, bounded or not, promises. */
class HashBalancerContractTest {

    @Test
    void emptyPoolPicksNothing() {
        Pool drained = Pool.of(List.of(Endpoint.of("a:1").withHealth(Health.DRAINING)));
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            for (Pool empty : List.of(Pool.empty(), drained)) {
                HashBalancer plain = algorithm.getValue().apply(empty);
                for (HashBalancer balancer : List.of(plain, plain.withBoundedLoad(1.25), plain.withBoundedLoad(1.0))) {
                    assertThat(balancer.pick(42L)).as(algorithm.getKey()).isNull();
                    assertThat(balancer.pick(-1L)).as(algorithm.getKey()).isNull();
                    assertThat(balancer.pick()).as(algorithm.getKey()).isNull();
                }
            }
        }
    }

    @Test
    void singleEndpointTakesEveryKey() {
        Pool pool = HashFixtures.weighted(7);
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            HashBalancer plain = algorithm.getValue().apply(pool);
            for (HashBalancer balancer : List.of(plain, plain.withBoundedLoad(1.0))) {
                SplittableRandom random = new SplittableRandom(1);
                for (int k = 0; k < 1_000; k++) {
                    assertThat(balancer.pick(random.nextLong())).as(algorithm.getKey()).isSameAs(pool.get(0));
                }
            }
        }
    }

    @Test
    void picksOnlyEligibleEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>(HashFixtures.endpoints(6));
        endpoints.set(1, endpoints.get(1).withHealth(Health.UNHEALTHY));
        endpoints.set(4, endpoints.get(4).withHealth(Health.DRAINING));
        Pool pool = Pool.of(endpoints);
        assertThat(pool.size()).isEqualTo(4);
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            HashBalancer plain = algorithm.getValue().apply(pool);
            for (HashBalancer balancer : List.of(plain, plain.withBoundedLoad(1.25))) {
                SplittableRandom random = new SplittableRandom(2);
                for (int k = 0; k < 5_000; k++) {
                    assertThat(balancer.pick(random.nextLong())).as(algorithm.getKey()).isIn(pool.eligible());
                }
            }
        }
    }

    @Test
    void equalPoolsPlaceEveryKeyAlike() {
        // Two balancers built from separately created but equal pools, as after a restart.
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            HashBalancer first = algorithm.getValue().apply(HashFixtures.weighted(3, 1, 2, 5));
            HashBalancer second = algorithm.getValue().apply(HashFixtures.weighted(3, 1, 2, 5));
            SplittableRandom random = new SplittableRandom(3);
            for (int k = 0; k < 5_000; k++) {
                long key = random.nextLong();
                assertThat(HashFixtures.idOf(second.pick(key))).isEqualTo(HashFixtures.idOf(first.pick(key)));
            }
        }
    }

    @Test
    void boundedLoadWrapsTheSamePool() {
        Pool pool = HashFixtures.pool(3);
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            HashBalancer bounded =
                algorithm.getValue().apply(pool).withBoundedLoad(HashBalancer.DEFAULT_BALANCE_FACTOR);
            assertThat(bounded).isInstanceOf(BoundedLoad.class);
            assertThat(((BoundedLoad) bounded).factor()).isEqualTo(1.25);
            assertThat(bounded.pool()).isSameAs(pool);
        }
    }
}
