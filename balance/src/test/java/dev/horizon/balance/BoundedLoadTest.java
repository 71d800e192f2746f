package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BoundedLoadTest {

    private static final int PICKS = 10_000;

    @Test
    void noEndpointExceedsCeilOfFactorTimesAverageWithEqualWeights() {
        for (double factor : new double[] {1.25, 1.0}) {
            for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
                Pool pool = HashFixtures.pool(10);
                HashBalancer bounded = algorithm.getValue().apply(pool).withBoundedLoad(factor);
                SplittableRandom random = new SplittableRandom(77);
                for (int total = 1; total <= PICKS; total++) {
                    Objects.requireNonNull(bounded.pick(random.nextLong())).load().requestStarted();
                    int cap = (int) Math.ceil(factor * total / 10);
                    assertThat(maxInFlight(pool)).as("%s, factor %s, after %d picks", algorithm.getKey(), factor, total)
                        .isLessThanOrEqualTo(cap);
                }
                assertThat(totalInFlight(pool)).isEqualTo(PICKS);
            }
        }
    }

    @Test
    void noEndpointExceedsItsWeightedCap() {
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            Pool pool = HashFixtures.weighted(1, 2, 3, 4, 1, 2, 3, 4, 5, 5);
            double factor = 1.25;
            HashBalancer bounded = algorithm.getValue().apply(pool).withBoundedLoad(factor);
            SplittableRandom random = new SplittableRandom(78);
            for (int total = 1; total <= PICKS; total++) {
                Objects.requireNonNull(bounded.pick(random.nextLong())).load().requestStarted();
                for (int i = 0; i < pool.size(); i++) {
                    double cap = Math.ceil(factor * total * pool.weight(i) / pool.totalWeight());
                    assertThat((double) pool.get(i).load().inFlight())
                        .as("%s, endpoint %d after %d picks", algorithm.getKey(), i, total)
                        .isLessThanOrEqualTo(cap);
                }
            }
        }
    }

    @Test
    void withoutLoadBoundedPicksEqualUnboundedPicks() {
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            Pool pool = HashFixtures.weighted(1, 2, 3, 1, 2, 3, 1);
            HashBalancer plain = algorithm.getValue().apply(pool);
            HashBalancer bounded = plain.withBoundedLoad(1.0);
            SplittableRandom random = new SplittableRandom(79);
            for (int k = 0; k < 10_000; k++) {
                long key = random.nextLong();
                assertThat(bounded.pick(key)).as(algorithm.getKey()).isSameAs(plain.pick(key));
            }
        }
    }

    @Test
    void anOverloadedRingEndpointPassesItsKeyToTheNextPointClockwise() {
        Pool pool = HashFixtures.pool(4);
        RingHash ring = new RingHash(pool);
        long key = ring.point(100);
        int owner = ring.owner(100);
        int next = 101;
        while (ring.owner(next) == owner) {
            next++;
        }
        // Three requests in flight on the key's endpoint: cap = ceil(1.25 × 4 / 4) = 2, so it refuses.
        for (int r = 0; r < 3; r++) {
            pool.get(owner).load().requestStarted();
        }
        assertThat(ring.withBoundedLoad(1.25).pick(key)).isSameAs(pool.get(ring.owner(next)));
    }

    @Test
    void anOverloadedEndpointPassesItsKeyToTheFirstRehashedCandidateThatFits() {
        Pool pool = HashFixtures.pool(4);
        for (KeyPlacement placement : List.of(new Maglev(pool, Maglev.DEFAULT_TABLE_SIZE), new JumpHash(pool),
            new Rendezvous(pool))) {
            long key = 12_345;
            int owner = placement.candidate(key, 0);
            int attempt = 1;
            while (placement.candidate(key, attempt) == owner) {
                attempt++;
            }
            for (int r = 0; r < 3; r++) {
                pool.get(owner).load().requestStarted();
            }
            // Cap = ceil(1.25 × 4 / 4) = 2: the owner (3 in flight) refuses, the others (0) accept.
            assertThat(((HashBalancer) placement).withBoundedLoad(1.25).pick(key))
                .as(placement.toString())
                .isSameAs(pool.get(placement.candidate(key, attempt)));
            for (int r = 0; r < 3; r++) {
                pool.get(owner).load().requestFinished();
            }
        }
    }

    @Test
    void whenEveryCandidateRefusesTheLinearScanFindsTheEndpointWithRoom() {
        // Weight 1 among two of 1000 gets floor(120 / 2001) = 0 digests, so no ring point, and jump hash seldom
        // places keys on it with three buckets. With 1,000 in flight on each heavy endpoint, total = 2,000: their cap
        // is ceil(2,001 × 1000 / 2001) = 1,000, full; the light one's is ceil(2,001 / 2,001) = 1, room for one.
        for (Map.Entry<String, Function<Pool, HashBalancer>> algorithm : HashFixtures.ALGORITHMS.entrySet()) {
            Pool pool = HashFixtures.weighted(1000, 1000, 1);
            for (int r = 0; r < 1000; r++) {
                pool.get(0).load().requestStarted();
                pool.get(1).load().requestStarted();
            }
            HashBalancer bounded = algorithm.getValue().apply(pool).withBoundedLoad(1.0);
            SplittableRandom random = new SplittableRandom(80);
            for (int k = 0; k < 100; k++) {
                assertThat(bounded.pick(random.nextLong())).as(algorithm.getKey()).isSameAs(pool.get(2));
            }
        }
        assertThat(new RingHash(HashFixtures.weighted(1000, 1000, 1)).size()).isEqualTo(2 * 59 * 4);
    }

    @Test
    void boundedLoadOfABoundedBalancerKeepsThePlacementAndTakesTheNewFactor() {
        Pool pool = HashFixtures.pool(3);
        HashBalancer bounded = HashBalancer.maglev(pool).withBoundedLoad(1.25);
        HashBalancer rebounded = bounded.withBoundedLoad(2.0);
        assertThat(rebounded).isInstanceOf(BoundedLoad.class).isNotSameAs(bounded);
        assertThat(((BoundedLoad) rebounded).factor()).isEqualTo(2.0);
        assertThat(rebounded.pool()).isSameAs(pool);
        for (long key = 0; key < 1_000; key++) {
            assertThat(rebounded.pick(key)).isSameAs(bounded.pick(key));
        }
    }

    @Test
    void rejectsAFactorBelowOneOrNotFinite() {
        for (HashBalancer balancer : List.of(HashBalancer.ringHash(HashFixtures.pool(2)),
            HashBalancer.maglev(HashFixtures.pool(2)), HashBalancer.jumpHash(HashFixtures.pool(2)),
            HashBalancer.rendezvous(HashFixtures.pool(2)), HashBalancer.jumpHash(HashFixtures.pool(2))
                .withBoundedLoad(1.25))) {
            assertThatThrownBy(() -> balancer.withBoundedLoad(0.8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("balance factor: 0.8 (expected: >= 1.0 and finite)");
            assertThatThrownBy(() -> balancer.withBoundedLoad(Double.NaN))
                .hasMessage("balance factor: NaN (expected: >= 1.0 and finite)");
            assertThatThrownBy(() -> balancer.withBoundedLoad(Double.POSITIVE_INFINITY))
                .hasMessage("balance factor: Infinity (expected: >= 1.0 and finite)");
            assertThatThrownBy(() -> balancer.withBoundedLoad(-1.0))
                .hasMessage("balance factor: -1.0 (expected: >= 1.0 and finite)");
        }
    }

    private static int maxInFlight(Pool pool) {
        int max = 0;
        for (int i = 0; i < pool.size(); i++) {
            max = Math.max(max, pool.get(i).load().inFlight());
        }
        return max;
    }

    private static long totalInFlight(Pool pool) {
        long total = 0;
        for (int i = 0; i < pool.size(); i++) {
            total += pool.get(i).load().inFlight();
        }
        return total;
    }
}
