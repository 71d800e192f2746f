package dev.horizon.data.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A topology as a {@link TopologyStore} records it: its epoch (1 for the first, one more after each resharding), the
 * strategy and the names of the shards in shard order, which each process resolves to its own data sources.
 *
 * @param epoch    1 or more
 * @param strategy where keys live
 * @param shards   the shards' names, shard {@code i} at index {@code i}, as many as the strategy has shards
 */
public record ShardLayout(long epoch, ShardStrategy strategy, List<String> shards) {

    /** Checks the epoch and that there is one name per shard. */
    public ShardLayout {
        Objects.requireNonNull(strategy, "strategy");
        shards = List.copyOf(shards);
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: 1 or more)");
        }
        if (shards.size() != strategy.shards()) {
            throw new IllegalArgumentException("shards: " + shards.size() + " name(s) for " + strategy + " (expected: "
                + strategy.shards() + ")");
        }
    }

    /** The next epoch's layout: {@code next} over these shards and {@code added}. */
    ShardLayout grow(ShardStrategy next, String added) {
        List<String> names = new ArrayList<>(shards);
        names.add(added);
        return new ShardLayout(epoch + 1, next, names);
    }
}
