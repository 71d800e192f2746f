package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.balance.HashKey;
import dev.horizon.data.Replication;
import java.sql.Connection;
import java.sql.Statement;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Each strategy places keys as specified, and growing by one shard moves what it should. */
final class ShardStrategyTest {

    @Test
    void hashModIsTheUnsignedRemainderOfTheKeysHash() {
        ShardStrategy s = ShardStrategy.hashMod(5);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            long key = random.nextLong();
            assertThat(s.shardOf(key)).isEqualTo((int) Long.remainderUnsigned(HashKey.of(key), 5));
            String text = "user-" + key;
            assertThat(s.shardOf(text)).isEqualTo((int) Long.remainderUnsigned(HashKey.of(text), 5));
        }
        assertThat(s.shardOf(42)).isEqualTo(s.shardOf(42L));
    }

    @Test
    void jumpHashFollowsLampingAndVeachAndGrowingMovesOnlyToTheNewShard() {
        SplittableRandom random = new SplittableRandom(11);
        ShardStrategy four = ShardStrategy.jumpHash(4);
        ShardStrategy five = four.grow();
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            long key = random.nextLong();
            assertThat(four.shardOf(key)).isEqualTo(reference(HashKey.of(key), 4));
            int before = four.shardOf(key);
            int after = five.shardOf(key);
            if (after != before) {
                assertThat(after).isEqualTo(4);
                moved++;
            }
        }
        assertThat(moved).isBetween(1800, 2200);
    }

    /** The paper's figure 1, written out independently. */
    private static int reference(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }

    @Test
    void theRingSpreadsKeysAndGrowingMovesOnlyToTheNewShard() {
        ShardStrategy three = ShardStrategy.ring(3);
        ShardStrategy four = three.grow();
        int[] counts = new int[4];
        int moved = 0;
        for (int i = 0; i < 12_000; i++) {
            String key = "order-" + i;
            int before = three.shardOf(key);
            int after = four.shardOf(key);
            counts[after]++;
            if (after != before) {
                assertThat(after).isEqualTo(3);
                moved++;
            }
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList())
            .allSatisfy(n -> assertThat(n).isBetween(2000, 4000));
        assertThat(moved).isEqualTo(counts[3]);
    }

    @Test
    void rangesPlaceByBoundsAndRefuseText() {
        ShardStrategy s = ShardStrategy.range(100, 200);
        assertThat(s.shards()).isEqualTo(3);
        assertThat(s.shardOf(-5L)).isZero();
        assertThat(s.shardOf(99L)).isZero();
        assertThat(s.shardOf(100L)).isEqualTo(1);
        assertThat(s.shardOf(199)).isEqualTo(1);
        assertThat(s.shardOf(200L)).isEqualTo(2);
        assertThat(s.shardOf(Long.MAX_VALUE)).isEqualTo(2);
        assertThat(s.grow()).isEqualTo(ShardStrategy.range(100, 200, 300));
        assertThatThrownBy(() -> s.shardOf("150")).hasMessage("range shard key: 150 (expected: a whole number)");
        assertThatThrownBy(() -> ShardStrategy.range(5, 5))
            .hasMessage("range bounds: [5, 5] (expected: strictly ascending)");
    }

    @Test
    void theDirectoryRemembersPlacementsAndPlacesNewKeysByItsStrategy() throws Exception {
        DataSource catalog = Replication.get().database("shard_catalog");
        ShardStrategy newKeys = ShardStrategy.hashMod(3);
        ShardStrategy dir = ShardStrategy.directory(catalog, "placements", newKeys);
        assertThat(dir.shardOf(1L)).isEqualTo(newKeys.shardOf(1L));
        int elsewhere = (newKeys.shardOf(2L) + 1) % 3;
        try (Connection c = catalog.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO placements VALUES ('2', " + elsewhere + ")");
        }
        assertThat(dir.shardOf(2L)).isEqualTo(elsewhere);
        assertThat(dir.shardOf(1L)).isEqualTo(newKeys.shardOf(1L));
        assertThat(dir.shards()).isEqualTo(3);
    }

    @Test
    void refusesKeysItCannotHashAndSillyShardCounts() {
        assertThatThrownBy(() -> ShardStrategy.hashMod(2).shardOf(1.5))
            .hasMessage("shard key: Double 1.5 (expected: a whole number or text)");
        assertThatThrownBy(() -> ShardStrategy.jumpHash(0)).hasMessage("shards: 0 (expected: 1..4096)");
    }
}
