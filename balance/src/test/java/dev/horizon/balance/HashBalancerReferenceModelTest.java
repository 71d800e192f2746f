package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each hash balancer against a slow, obviously correct model of its published algorithm, over hundreds of random
 * pools and keys with fixed seeds.
 */
class HashBalancerReferenceModelTest {

    private static final int CASES = 300;

    @Test
    void ringHashMatchesASortedListOfPointsScannedLinearly() throws Exception {
        SplittableRandom random = new SplittableRandom(101);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (int c = 0; c < CASES; c++) {
            Pool pool = randomPool(random, 1 + random.nextInt(8));
            record Point(long value, String id) { }
            List<Point> model = new ArrayList<>();
            long totalWeight = 0;
            for (Endpoint e : pool.eligible()) {
                totalWeight += e.weight();
            }
            for (Endpoint e : pool.eligible()) {
                long digests = 40L * pool.size() * e.weight() / totalWeight;
                for (int k = 0; k < digests; k++) {
                    ByteBuffer d = ByteBuffer.wrap(md5.digest((e.id() + "-" + k).getBytes(StandardCharsets.UTF_8)))
                        .order(ByteOrder.LITTLE_ENDIAN);
                    for (int h = 0; h < 4; h++) {
                        model.add(new Point(d.getInt(4 * h) & 0xFFFFFFFFL, e.id()));
                    }
                }
            }
            model.sort(Comparator.comparingLong(Point::value).thenComparing(Point::id));

            RingHash ring = new RingHash(pool);
            assertThat(ring.size()).isEqualTo(model.size());
            List<Long> keys = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
                keys.add(random.nextLong());
                Point p = model.get(random.nextInt(model.size()));
                keys.add(p.value() + random.nextInt(-1, 2));
            }
            keys.add(0L);
            keys.add(0xFFFFFFFFL);
            for (long key : keys) {
                long h = key & 0xFFFFFFFFL;
                String expected = model.get(0).id();
                for (Point p : model) {
                    if (p.value() >= h) {
                        expected = p.id();
                        break;
                    }
                }
                assertThat(HashFixtures.idOf(ring.pick(key))).as("case %d key %d", c, key).isEqualTo(expected);
            }
        }
    }

    @Test
    void maglevMatchesTheTableFilledFromTheFormula() {
        SplittableRandom random = new SplittableRandom(102);
        int[] primes = {7, 17, 251, 1009};
        for (int c = 0; c < CASES; c++) {
            int size = primes[random.nextInt(primes.length)];
            Pool pool = randomPool(random, 1 + random.nextInt(10));
            int[] expected = slowMaglevTable(pool, size);
            Maglev maglev = new Maglev(pool, size);
            for (int s = 0; s < size; s++) {
                assertThat(maglev.entry(s)).as("case %d slot %d of %d", c, s, size).isEqualTo(expected[s]);
                assertThat(maglev.pick(s)).isSameAs(pool.get(expected[s]));
            }
        }
    }

    /** Maglev pseudocode listing 1 with Envoy's weighted rounds, over full permutation lists. */
    private static int[] slowMaglevTable(Pool pool, int size) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> pool.get(i).id()));
        int n = order.size();
        long[][] permutation = new long[n][size];
        double[] weight = new double[n];
        double maxWeight = 0;
        for (int k = 0; k < n; k++) {
            String id = pool.get(order.get(k)).id();
            long offset = Long.remainderUnsigned(HashKey.xxHash64(id, 0), size);
            long skip = Long.remainderUnsigned(HashKey.xxHash64(id, 1), size - 1) + 1;
            for (int j = 0; j < size; j++) {
                permutation[k][j] = (offset + j * skip) % size;
            }
            weight[k] = pool.get(order.get(k)).weight() / pool.totalWeight();
            maxWeight = Math.max(maxWeight, weight[k]);
        }
        int[] entry = new int[size];
        Arrays.fill(entry, -1);
        int[] next = new int[n];
        double[] target = new double[n];
        int filled = 0;
        for (int round = 1; filled < size; round++) {
            for (int k = 0; k < n; k++) {
                if (filled == size) {
                    break;
                }
                if (round * weight[k] < target[k]) {
                    continue;
                }
                target[k] += maxWeight;
                int slot = (int) permutation[k][next[k]];
                while (entry[slot] >= 0) {
                    next[k]++;
                    slot = (int) permutation[k][next[k]];
                }
                entry[slot] = order.get(k);
                next[k]++;
                filled++;
            }
        }
        return entry;
    }

    @Test
    void jumpHashMatchesBucketByBucketSimulation() {
        SplittableRandom random = new SplittableRandom(103);
        for (int c = 0; c < CASES; c++) {
            long key = random.nextLong();
            int[] expected = bucketByBucket(key, 300);
            for (int n = 1; n <= 300; n++) {
                assertThat(JumpHash.bucket(key, n)).as("key %d, %d buckets", key, n).isEqualTo(expected[n]);
            }
        }
        Pool pool = HashFixtures.pool(23);
        HashBalancer jump = HashBalancer.jumpHash(pool);
        for (int c = 0; c < CASES; c++) {
            long key = random.nextLong();
            assertThat(jump.pick(key)).isSameAs(pool.get(bucketByBucket(key, 23)[23]));
        }
    }

    /**
     * The paper's first, linear algorithm made concrete: walk the buckets one at a time, and at bucket j decide
     * whether the key jumps to it. Each jump draws the next value of the key's generator, and the jump from b lands
     * on the first j with j + 1 > (b + 1) / r; {@code result[n]} is the key's bucket among n.
     */
    private static int[] bucketByBucket(long key, int maxBuckets) {
        int[] result = new int[maxBuckets + 1];
        long state = key * 2862933555777941757L + 1;
        int b = 0;
        double reach = 1 * ((double) (1L << 31) / (double) ((state >>> 33) + 1));
        result[1] = 0;
        for (int j = 1; j < maxBuckets; j++) {
            if (j + 1 > reach) {
                b = j;
                state = state * 2862933555777941757L + 1;
                reach = (b + 1) * ((double) (1L << 31) / (double) ((state >>> 33) + 1));
            }
            result[j + 1] = b;
        }
        return result;
    }

    @Test
    void jumpHashBehavesLikeThePapersSlowAlgorithm() {
        // The slow algorithm: seed a generator with the key; for each bucket j = 1..n-1 jump to j with probability
        // 1/(j+1). It consumes randomness differently, so keys do not agree one by one, but both are consistent
        // (a key moves only to the new bucket) and uniform.
        SplittableRandom keys = new SplittableRandom(104);
        int n = 10;
        int[] fast = new int[n];
        int[] slow = new int[n];
        for (int k = 0; k < 100_000; k++) {
            long key = keys.nextLong();
            SplittableRandom perKey = new SplittableRandom(key);
            int b = 0;
            for (int j = 1; j < n; j++) {
                if (perKey.nextDouble() < 1.0 / (j + 1)) {
                    b = j;
                }
            }
            slow[b]++;
            fast[JumpHash.bucket(key, n)]++;
            int previous = JumpHash.bucket(key, n - 1);
            assertThat(JumpHash.bucket(key, n)).isIn(previous, n - 1);
        }
        for (int i = 0; i < n; i++) {
            assertThat(fast[i]).as("fast, bucket %d", i).isBetween(9_500, 10_500);
            assertThat(slow[i]).as("slow, bucket %d", i).isBetween(9_500, 10_500);
        }
    }

    @Test
    void rendezvousMatchesScoringEveryEndpointAndSorting() {
        SplittableRandom random = new SplittableRandom(105);
        for (int c = 0; c < CASES; c++) {
            Pool pool = randomPool(random, 1 + random.nextInt(12));
            HashBalancer rendezvous = HashBalancer.rendezvous(pool);
            for (int k = 0; k < 100; k++) {
                long key = random.nextLong();
                record Score(double value, long seed, int index) { }
                List<Score> scores = new ArrayList<>();
                for (int i = 0; i < pool.size(); i++) {
                    long seed = HashKey.of(pool.get(i).id());
                    long h = HashKey.of(HashKey.of(key) ^ seed);
                    double u = ((h >>> 12) + 0.5) / Math.pow(2, 52);
                    scores.add(new Score(-pool.weight(i) / Math.log(u), seed, i));
                }
                scores.sort(Comparator.comparingDouble(Score::value).reversed()
                    .thenComparing(Score::seed, Long::compareUnsigned)
                    .thenComparingInt(Score::index));
                assertThat(rendezvous.pick(key)).as("case %d key %d", c, key)
                    .isSameAs(pool.get(scores.get(0).index()));
            }
        }
    }

    /** Endpoints with random ids (some non-ASCII) and weights, equal weights in about a third of the pools. */
    private static Pool randomPool(SplittableRandom random, int n) {
        boolean equal = random.nextInt(3) == 0;
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = (random.nextInt(5) == 0 ? "hôte-" : "host-") + i + "-" + random.nextInt(1_000_000) + ":"
                + random.nextInt(1, 65_536);
            endpoints.add(Endpoint.of(id, equal ? 1 : random.nextInt(1, 11)));
        }
        return Pool.of(endpoints);
    }
}
