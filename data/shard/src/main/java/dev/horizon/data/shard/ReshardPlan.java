package dev.horizon.data.shard;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What one resharding moves: from strategy {@code from} over the {@code old} shards to strategy {@code to} over
 * {@code all} of them (the old ones and the new one, number {@code old.size()}), for {@code tables}.
 */
record ReshardPlan(ShardStrategy from, ShardStrategy to, List<DataSource> old, DataSource added,
                   List<Resharder.Table> tables) {

    ReshardPlan {
        old = List.copyOf(old);
        tables = List.copyOf(tables);
    }

    /** Every shard after the resharding: the old ones, then the new one. */
    List<DataSource> all() {
        List<DataSource> all = new ArrayList<>(old);
        all.add(added);
        return all;
    }

    /** The number of the new shard. */
    int newShard() {
        return old.size();
    }

    /** Whether a row with {@code key} on old shard {@code shard} belongs there now and moves away. */
    boolean movesOff(Object key, int shard) {
        return from.shardOf(key) == shard && to.shardOf(key) != shard;
    }
}
