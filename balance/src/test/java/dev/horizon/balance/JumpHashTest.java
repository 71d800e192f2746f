package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JumpHashTest {

    // The buckets Lamping and Veach's reference implementation ("A Fast, Minimal Memory, Consistent Hash Algorithm",
    // arXiv:1406.2294, its JumpConsistentHash in C++) gives for 1..19 buckets.

    @Test
    void keyOneLandsInThePublishedBuckets() {
        assertThat(bucketsForOneToNineteen(1L))
            .containsExactly(0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17);
    }

    @Test
    void keyDeadbeefLandsInThePublishedBuckets() {
        assertThat(bucketsForOneToNineteen(0xDEADBEEFL))
            .containsExactly(0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16);
    }

    @Test
    void keyZeroAlwaysLandsInBucketZero() {
        assertThat(bucketsForOneToNineteen(0L))
            .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void bucketIsTheIndexOfTheEligibleEndpoint() {
        Pool pool = Pool.of(List.of(Endpoint.of("a:1"), Endpoint.of("b:1").withHealth(Health.DRAINING),
            Endpoint.of("c:1"), Endpoint.of("d:1"), Endpoint.of("e:1"), Endpoint.of("f:1"), Endpoint.of("g:1"),
            Endpoint.of("h:1")));
        // Seven eligible endpoints: key 1 goes to bucket 6, the seventh eligible endpoint.
        assertThat(HashBalancer.jumpHash(pool).pick(1L)).isEqualTo(pool.get(6));
        assertThat(pool.get(6).id()).isEqualTo("h:1");
    }

    @Test
    void weightsDoNotChangeThePlacement() {
        Pool equal = Pool.of(List.of(Endpoint.of("a:1"), Endpoint.of("b:1"), Endpoint.of("c:1")));
        Pool weighted = Pool.of(List.of(Endpoint.of("a:1", 1), Endpoint.of("b:1", 50), Endpoint.of("c:1", 1000)));
        HashBalancer plain = HashBalancer.jumpHash(equal);
        HashBalancer heavy = HashBalancer.jumpHash(weighted);
        for (long key = 0; key < 1_000; key++) {
            assertThat(HashFixtures.idOf(heavy.pick(key))).isEqualTo(HashFixtures.idOf(plain.pick(key)));
        }
    }

    private static List<Integer> bucketsForOneToNineteen(long key) {
        List<Integer> buckets = new ArrayList<>();
        for (int n = 1; n <= 19; n++) {
            buckets.add(JumpHash.bucket(key, n));
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                endpoints.add(Endpoint.of("10.0.0." + i + ":80"));
            }
            Pool pool = Pool.of(endpoints);
            assertThat(HashBalancer.jumpHash(pool).pick(key)).isEqualTo(pool.get(JumpHash.bucket(key, n)));
        }
        return buckets;
    }
}
