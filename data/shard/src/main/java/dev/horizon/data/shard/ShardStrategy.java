package dev.horizon.data.shard;

import dev.horizon.balance.HashKey;
import java.util.Arrays;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where a shard key lives: a shard number {@code 0..shards()-1}. Keys are numbers ({@code Long}, {@code Integer}, …)
 * or text; a number and its decimal text are different keys for the hashing strategies.
 *
 * <p>Strategies, and what growing from N to N+1 shards moves:
 * <ul>
 *   <li>{@link #hashMod}: {@code hash(key) mod N} — simple, moves about N/(N+1) of the keys;</li>
 *   <li>{@link #jumpHash}: Lamping and Veach's jump consistent hash — moves exactly the keys of the new shard, about
 *       1/(N+1);</li>
 *   <li>{@link #ring}: a consistent-hash ring (ketama, 160 points per shard) — about 1/(N+1);</li>
 *   <li>{@link #range}: numeric ranges with explicit bounds — moves what the new bound cuts off;</li>
 *   <li>{@link #directory}: a lookup table, new keys placed by another strategy — moves nothing on its own.</li>
 * </ul>
 * The hash is Horizon's {@link HashKey} (xxHash64 for text, SplitMix64 for numbers), so every process and every
 * restart places a key on the same shard.
 */
public interface ShardStrategy {

    /** How many shards there are. */
    int shards();

    /** The shard of {@code key}. */
    int shardOf(Object key);

    /** The same kind of strategy over one more shard, for resharding. */
    ShardStrategy grow();

    /** {@code hash(key) mod shards}. */
    static ShardStrategy hashMod(int shards) {
        return new HashMod(checked(shards));
    }

    /** Jump consistent hash over {@code shards} buckets. */
    static ShardStrategy jumpHash(int shards) {
        return HashedShards.of(HashedShards.Kind.JUMP_HASH, checked(shards));
    }

    /** A ketama consistent-hash ring with shards {@code shard-0 … shard-(n-1)}, 160 points each. */
    static ShardStrategy ring(int shards) {
        return HashedShards.of(HashedShards.Kind.RING, checked(shards));
    }

    /**
     * Numeric ranges: shard {@code i} holds keys below {@code upperBounds[i]} (and at or above the bound before it);
     * the last shard holds everything from the last bound up. So {@code range(100, 200)} is three shards.
     * {@link #grow()} splits the last shard at twice the span of the one before it; {@link #withUpperBound} chooses.
     */
    static ShardStrategy range(long... upperBounds) {
        return new RangeShards(upperBounds);
    }

    /**
     * A directory: table {@code table(shard_key TEXT PRIMARY KEY, shard INT NOT NULL)} in {@code catalog} says where
     * each key lives (created when missing); a key not in it is placed by {@code newKeys} and recorded, first writer
     * wins. One lookup query per placement.
     */
    static ShardStrategy directory(DataSource catalog, String table, ShardStrategy newKeys) {
        return new DirectoryShards(catalog, table, newKeys);
    }

    /** The 64-bit hash of a key, as every hashing strategy uses it. */
    static long hash(Object key) {
        Objects.requireNonNull(key, "shard key");
        return switch (key) {
            case Long l -> HashKey.of(l);
            case Integer i -> HashKey.of(i.longValue());
            case Short s -> HashKey.of(s.longValue());
            case CharSequence text -> HashKey.of(text);
            default -> throw new IllegalArgumentException("shard key: " + key.getClass().getSimpleName() + " "
                + key + " (expected: a whole number or text)");
        };
    }

    private static int checked(int shards) {
        if (shards < 1 || shards > 4096) {
            throw new IllegalArgumentException("shards: " + shards + " (expected: 1..4096)");
        }
        return shards;
    }

    /** {@code hash mod n}. */
    record HashMod(int shards) implements ShardStrategy {
        @Override
        public int shardOf(Object key) {
            return (int) Long.remainderUnsigned(hash(key), shards);
        }

        @Override
        public ShardStrategy grow() {
            return hashMod(shards + 1);
        }

        @Override
        public String toString() {
            return "hash-mod(" + shards + ")";
        }
    }

    /** Range shards; see {@link ShardStrategy#range}. */
    record RangeShards(long[] upperBounds) implements ShardStrategy {

        /** Checks the bounds ascend. */
        public RangeShards {
            upperBounds = upperBounds.clone();
            for (int i = 1; i < upperBounds.length; i++) {
                if (upperBounds[i] <= upperBounds[i - 1]) {
                    throw new IllegalArgumentException("range bounds: " + Arrays.toString(upperBounds)
                        + " (expected: strictly ascending)");
                }
            }
        }

        @Override
        public int shards() {
            return upperBounds.length + 1;
        }

        @Override
        public int shardOf(Object key) {
            if (!(key instanceof Long || key instanceof Integer || key instanceof Short)) {
                throw new IllegalArgumentException("range shard key: " + key + " (expected: a whole number)");
            }
            long k = ((Number) key).longValue();
            int i = 0;
            while (i < upperBounds.length && k >= upperBounds[i]) {
                i++;
            }
            return i;
        }

        @Override
        public ShardStrategy grow() {
            if (upperBounds.length == 0) {
                throw new IllegalStateException("a single range shard has no span to double; use withUpperBound");
            }
            long last = upperBounds[upperBounds.length - 1];
            long span = upperBounds.length > 1 ? last - upperBounds[upperBounds.length - 2] : Math.max(1, last);
            return withUpperBound(last + span);
        }

        /** These ranges plus a new last bound, which must be above the current last one. */
        public ShardStrategy withUpperBound(long bound) {
            long[] next = Arrays.copyOf(upperBounds, upperBounds.length + 1);
            next[upperBounds.length] = bound;
            return new RangeShards(next);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RangeShards r && Arrays.equals(upperBounds, r.upperBounds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(upperBounds);
        }

        @Override
        public String toString() {
            return "range" + Arrays.toString(upperBounds);
        }
    }
}
