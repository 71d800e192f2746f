package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RingHashTest {

    // The four servers, their ring and the keys' servers below were computed independently with Python's hashlib
    // following libketama's ketama_create_continuum() and ketama_get_server().
    private static final Pool KETAMA_SERVERS = Pool.of(List.of(Endpoint.of("192.168.1.101:11210"),
        Endpoint.of("192.168.1.102:11210"), Endpoint.of("192.168.1.103:11210"), Endpoint.of("192.168.1.104:11210")));

    @Test
    void equalWeightsGiveExactly160PointsPerEndpoint() {
        // 61 is a pool size where libketama's single-precision share would round down to 39 digests.
        for (int n : new int[] {1, 3, 10, 61}) {
            RingHash ring = new RingHash(HashFixtures.pool(n));
            assertThat(ring.size()).isEqualTo(160 * n);
            assertThat(pointsPerEndpoint(ring)).as("n = %d", n).containsOnly(160);
        }
    }

    @Test
    void weightedPointCountsAreFourTimesFloorOfShareTimesFortyTimesN() {
        // Weights 1, 2, 3: n = 3, Σw = 6, digests = floor(w/6 × 40 × 3) = 20, 40, 60, so 80, 160, 240 points.
        assertThat(pointsPerEndpoint(new RingHash(HashFixtures.weighted(1, 2, 3)))).containsExactly(80, 160, 240);
        // Weights 1, 1, 5: Σw = 7, digests = floor(120/7) = floor(17.14) = 17 twice and floor(600/7) = floor(85.7)
        // = 85, so 68, 68, 340 points (476, not 480: the floors lose four digests).
        RingHash ring = new RingHash(HashFixtures.weighted(1, 1, 5));
        assertThat(pointsPerEndpoint(ring)).containsExactly(68, 68, 340);
        assertThat(ring.size()).isEqualTo(476);
    }

    @Test
    void buildsLibketamasRingForFourServers() {
        RingHash ring = new RingHash(KETAMA_SERVERS);
        assertThat(ring.size()).isEqualTo(640);
        assertThat(ring.point(0)).isEqualTo(19_069_626L);
        assertThat(KETAMA_SERVERS.get(ring.owner(0)).id()).isEqualTo("192.168.1.104:11210");
        assertThat(ring.point(1)).isEqualTo(28_439_255L);
        assertThat(KETAMA_SERVERS.get(ring.owner(1)).id()).isEqualTo("192.168.1.101:11210");
        assertThat(ring.point(639)).isEqualTo(4_294_628_205L);
        assertThat(KETAMA_SERVERS.get(ring.owner(639)).id()).isEqualTo("192.168.1.102:11210");
    }

    @Test
    void ketamaKeysLandOnLibketamasServers() {
        HashBalancer ring = HashBalancer.ringHash(KETAMA_SERVERS);
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("foo")))).isEqualTo("192.168.1.103:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("bar")))).isEqualTo("192.168.1.104:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("baz")))).isEqualTo("192.168.1.103:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("user:1")))).isEqualTo("192.168.1.101:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("user:2")))).isEqualTo("192.168.1.103:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("user:3")))).isEqualTo("192.168.1.104:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("session-abc")))).isEqualTo("192.168.1.102:11210");
        assertThat(HashFixtures.idOf(ring.pick(HashKey.ketama("x")))).isEqualTo("192.168.1.104:11210");
    }

    @Test
    void keyGoesToTheOwnerOfTheFirstPointAtOrAfterItsHash() {
        RingHash ring = new RingHash(HashFixtures.weighted(3, 1, 4, 1, 5));
        SplittableRandom random = new SplittableRandom(99);
        for (int k = 0; k < 10_000; k++) {
            long key = k % 2 == 0 ? HashKey.ketama("key-" + k) : random.nextLong();
            assertThat(ring.pick(key)).isSameAs(ring.pool().get(bruteForceOwner(ring, key)));
        }
        for (int j = 0; j < ring.size(); j += 7) {
            long point = ring.point(j);
            assertThat(ring.pick(point)).isSameAs(ring.pool().get(bruteForceOwner(ring, point)));
            assertThat(ring.pick(point - 1)).isSameAs(ring.pool().get(bruteForceOwner(ring, point - 1)));
            assertThat(ring.pick(point + 1)).isSameAs(ring.pool().get(bruteForceOwner(ring, point + 1)));
        }
    }

    @Test
    void keyPastTheLastPointWrapsToTheFirstPoint() {
        RingHash ring = new RingHash(KETAMA_SERVERS);
        // The last point is 4,294,628,205; 2^32 - 1 is past it.
        assertThat(HashFixtures.idOf(ring.pick(0xFFFFFFFFL))).isEqualTo("192.168.1.104:11210");
        assertThat(HashFixtures.idOf(ring.pick(4_294_628_206L))).isEqualTo("192.168.1.104:11210");
        assertThat(HashFixtures.idOf(ring.pick(4_294_628_205L))).isEqualTo("192.168.1.102:11210");
        assertThat(HashFixtures.idOf(ring.pick(0L))).isEqualTo("192.168.1.104:11210");
    }

    @Test
    void readsOnlyTheLow32BitsOfTheKey() {
        RingHash ring = new RingHash(KETAMA_SERVERS);
        SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < 1_000; k++) {
            long key = random.nextLong();
            assertThat(ring.pick(key)).isSameAs(ring.pick(key & 0xFFFFFFFFL));
        }
    }

    private static int[] pointsPerEndpoint(RingHash ring) {
        int[] counts = new int[ring.pool().size()];
        for (int j = 0; j < ring.size(); j++) {
            counts[ring.owner(j)]++;
        }
        return counts;
    }

    /** Scans every point: the owner of the smallest point >= the key's low 32 bits, else of the smallest point. */
    private static int bruteForceOwner(RingHash ring, long key) {
        long h = key & 0xFFFFFFFFL;
        int best = -1;
        int lowest = 0;
        for (int j = 0; j < ring.size(); j++) {
            if (ring.point(j) >= h && (best < 0 || ring.point(j) < ring.point(best))) {
                best = j;
            }
            if (ring.point(j) < ring.point(lowest)) {
                lowest = j;
            }
        }
        return ring.owner(best >= 0 ? best : lowest);
    }
}
