package dev.horizon.balance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * libketama's ring (continuum): each endpoint owns {@code floor(weight share × 40 × n)} MD5 digests of
 * {@code id + "-" + i}, four 32-bit points per digest; a key goes to the owner of the first point at or after the low
 * 32 bits of the key, wrapping past the last point to the first.
 */
final class RingHash implements HashBalancer, KeyPlacement {

    /*
     * Implementation notes.
     *
     * Points follow libketama's ketama_create_continuum() (RJ/ketama, libketama/ketama.c): for endpoint i,
     * ks = floor(pct × 40 × n) digests MD5("<id>-<k>"), k = 0..ks-1, and point h (0..3) of a digest is its bytes
     * 4h..4h+3 read little-endian. Lookup is ketama_get_server(): the first point >= the key's 32-bit hash, or the
     * first point of the ring when the hash is past the last one. HashKey.ketama() is libketama's key hash, so a ring
     * over the same ids and weights picks the same endpoint as libketama for the same key.
     *
     * One deliberate difference: libketama computes pct in single precision, so floor() sometimes lands one below the
     * true value (61 equal servers get 39 digests each, not 40). Here the count is computed exactly, with
     * BigDecimal over the exact double weights, so equal weights always give 160 points each.
     *
     * libketama sorts with qsort, which leaves the order of equal points unspecified. Here equal points are ordered by
     * endpoint id (String order), so a collision goes to the smaller id whatever the pool's order; ketama_get_server()
     * returns the first of equal points, and so does the lookup below.
     *
     * The ring is two parallel arrays, points (unsigned 32-bit, ascending) and owners (pool indexes); a pick is a
     * binary search, no allocation. An endpoint whose share is below 1/(40n) gets no points, as in libketama.
     */

    private static final int DIGESTS_PER_SHARE = 40;

    private final Pool pool;
    private final int[] points;
    private final int[] owners;

    RingHash(Pool pool) {
        this.pool = pool;
        int n = pool.size();
        Integer[] byId = new Integer[n];
        for (int i = 0; i < n; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, Comparator.comparing(i -> pool.get(i).id()));
        int[] digests = digestCounts(pool);
        int total = 0;
        for (int ks : digests) {
            total = Math.addExact(total, Math.multiplyExact(ks, 4));
        }
        // Each entry packs (point with its sign bit flipped) << 32 | rank of the owner's id, so a signed sort orders
        // by unsigned point, then by id.
        long[] packed = new long[total];
        MessageDigest md5 = HashKey.md5();
        int next = 0;
        for (int rank = 0; rank < n; rank++) {
            int owner = byId[rank];
            String prefix = pool.get(owner).id() + "-";
            for (int k = 0; k < digests[owner]; k++) {
                byte[] d = md5.digest((prefix + k).getBytes(StandardCharsets.UTF_8));
                for (int h = 0; h < 4; h++) {
                    int point = HashKey.littleEndianInt(d, h * 4);
                    packed[next++] = (long) (point ^ Integer.MIN_VALUE) << 32 | rank;
                }
            }
        }
        Arrays.sort(packed);
        this.points = new int[total];
        this.owners = new int[total];
        for (int j = 0; j < total; j++) {
            points[j] = (int) (packed[j] >>> 32) ^ Integer.MIN_VALUE;
            owners[j] = byId[(int) packed[j]];
        }
    }

    /** {@code floor(40 × n × w_i / Σw)} per endpoint, exactly. */
    private static int[] digestCounts(Pool pool) {
        int n = pool.size();
        int[] counts = new int[n];
        if (pool.equalWeights()) {
            Arrays.fill(counts, DIGESTS_PER_SHARE);
            return counts;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            sum = sum.add(new BigDecimal(pool.weight(i)));
        }
        BigDecimal perShare = BigDecimal.valueOf((long) DIGESTS_PER_SHARE * n);
        for (int i = 0; i < n; i++) {
            counts[i] = perShare.multiply(new BigDecimal(pool.weight(i))).divideToIntegralValue(sum).intValueExact();
        }
        return counts;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        return points.length == 0 ? null : pool.get(owners[firstPointAtOrAfter(key)]);
    }

    @Override
    public HashBalancer withBoundedLoad(double factor) {
        return new BoundedLoad(this, factor);
    }

    @Override
    public Pool pool() {
        return pool;
    }

    /** Walks the ring clockwise from the key's point; with no points at all, falls back to the pool's first. */
    @Override
    public int candidates() {
        return Math.max(1, points.length);
    }

    @Override
    public int candidate(long key, int attempt) {
        if (points.length == 0) {
            return 0;
        }
        int j = firstPointAtOrAfter(key) + attempt;
        return owners[j < points.length ? j : j % points.length];
    }

    /** The index of the first point >= the low 32 bits of {@code key} (unsigned), or 0 past the last point. */
    private int firstPointAtOrAfter(long key) {
        int h = (int) key;
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(points[mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }

    /** How many points the ring has. */
    int size() {
        return points.length;
    }

    /** The {@code j}-th point in ascending order, an unsigned 32-bit value. */
    long point(int j) {
        return points[j] & 0xFFFFFFFFL;
    }

    /** The pool index of the endpoint owning the {@code j}-th point. */
    int owner(int j) {
        return owners[j];
    }

    @Override
    public String toString() {
        return "RingHash[points=" + points.length + ", " + pool + "]";
    }
}
