package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RendezvousTest {

    private static final int KEYS = 100_000;

    @Test
    void weightedSharesFollowTheWeights() {
        // Weights 1, 2, 3, 4: expected shares 10 %, 20 %, 30 %, 40 %. Over 100,000 keys a share's standard deviation
        // is at most 0.16 percentage points; allow 1 point.
        Pool pool = HashFixtures.weighted(1, 2, 3, 4);
        int[] counts = counts(HashBalancer.rendezvous(pool), pool, new SplittableRandom(11));
        for (int i = 0; i < 4; i++) {
            assertThat(counts[i]).as("endpoint %d", i).isBetween(10_000 * (i + 1) - 1_000, 10_000 * (i + 1) + 1_000);
        }
    }

    @Test
    void equalWeightsShareEvenly() {
        Pool pool = HashFixtures.pool(5);
        int[] counts = counts(HashBalancer.rendezvous(pool), pool, new SplittableRandom(12));
        for (int i = 0; i < 5; i++) {
            assertThat(counts[i]).as("endpoint %d", i).isBetween(19_000, 21_000);
        }
    }

    @Test
    void removingAnEndpointMovesOnlyItsOwnKeys() {
        Pool before = HashFixtures.weighted(1, 2, 3, 1, 2, 3);
        List<Endpoint> kept = new ArrayList<>(before.eligible());
        Endpoint removed = kept.remove(2);
        HashBalancer all = HashBalancer.rendezvous(before);
        HashBalancer rest = HashBalancer.rendezvous(Pool.of(kept));
        SplittableRandom random = new SplittableRandom(13);
        int orphaned = 0;
        for (int k = 0; k < KEYS; k++) {
            long key = random.nextLong();
            String was = HashFixtures.idOf(all.pick(key));
            String now = HashFixtures.idOf(rest.pick(key));
            if (was.equals(removed.id())) {
                orphaned++;
            } else {
                assertThat(now).as("key %d", key).isEqualTo(was);
            }
        }
        // Weight 3 of 12: a quarter of the keys lost their endpoint.
        assertThat(orphaned).isBetween(24_000, 26_000);
    }

    @Test
    void placementDoesNotDependOnThePoolOrder() {
        List<Endpoint> endpoints = new ArrayList<>(HashFixtures.weighted(5, 1, 2, 8, 3).eligible());
        HashBalancer ordered = HashBalancer.rendezvous(Pool.of(endpoints));
        Collections.shuffle(endpoints, new Random(14));
        HashBalancer shuffled = HashBalancer.rendezvous(Pool.of(endpoints));
        SplittableRandom random = new SplittableRandom(15);
        for (int k = 0; k < 10_000; k++) {
            long key = random.nextLong();
            assertThat(HashFixtures.idOf(shuffled.pick(key))).isEqualTo(HashFixtures.idOf(ordered.pick(key)));
        }
    }

    @Test
    void hashMapsStrictlyInsideZeroAndOneSoScoresAreFinite() {
        // u is never 0 or 1, so -w / ln(u) never takes ln(0) or divides by ln(1) = 0.
        assertThat(Rendezvous.unit(0L)).isEqualTo(0x1.0p-53);
        assertThat(Rendezvous.unit(-1L)).isEqualTo(1 - 0x1.0p-53);
        assertThat(-1 / Math.log(Rendezvous.unit(0L))).isFinite().isPositive();
        assertThat(-1000 / Math.log(Rendezvous.unit(-1L))).isFinite().isPositive();
    }

    private static int[] counts(HashBalancer balancer, Pool pool, SplittableRandom random) {
        int[] counts = new int[pool.size()];
        for (int k = 0; k < KEYS; k++) {
            counts[HashFixtures.indexOf(pool, balancer.pick(random.nextLong()))]++;
        }
        return counts;
    }
}
