package dev.horizon.data.shard;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.HashBalancer;
import dev.horizon.balance.Pool;
import java.util.List;
import java.util.Map;

/** Jump consistent hash over the shards, through {@code balance}'s implementation. */
record JumpHashShards(int shards, HashBalancer balancer, Map<Endpoint, Integer> index) implements ShardStrategy {

    static JumpHashShards of(int shards) {
        List<Endpoint> endpoints = Shards.names(shards);
        return new JumpHashShards(shards, HashBalancer.jumpHash(Pool.of(endpoints)), Shards.index(endpoints));
    }

    @Override
    public int shardOf(Object key) {
        return Shards.shard(balancer, index, ShardStrategy.hash(key));
    }

    @Override
    public ShardStrategy grow() {
        return of(shards + 1);
    }

    /** Equal to the same strategy over as many shards (the balancer is derived from the count). */
    @Override
    public boolean equals(Object o) {
        return o instanceof JumpHashShards other && other.shards == shards;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(shards) * 31 + JumpHashShards.class.hashCode();
    }

    @Override
    public String toString() {
        return "jump-hash(" + shards + ")";
    }
}
