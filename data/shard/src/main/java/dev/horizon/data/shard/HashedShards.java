package dev.horizon.data.shard;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.HashBalancer;
import dev.horizon.balance.Pool;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Shards named {@code shard-0 …} picked by one of {@code balance}'s consistent hashes: jump consistent hash or a
 * ketama ring. The balancer and the index are derived from the kind and the count.
 */
record HashedShards(Kind kind, int shards, HashBalancer balancer, Map<Endpoint, Integer> index)
    implements ShardStrategy {

    /** Which consistent hash, with the name the topology store and {@link #toString()} use. */
    enum Kind {
        JUMP_HASH("jump-hash", HashBalancer::jumpHash),
        RING("ring", HashBalancer::ringHash);

        private final String text;
        private final Function<Pool, HashBalancer> balancer;

        Kind(String text, Function<Pool, HashBalancer> balancer) {
            this.text = text;
            this.balancer = balancer;
        }

        String text() {
            return text;
        }
    }

    static HashedShards of(Kind kind, int shards) {
        List<Endpoint> endpoints = Shards.names(shards);
        return new HashedShards(kind, shards, kind.balancer.apply(Pool.of(endpoints)), Shards.index(endpoints));
    }

    @Override
    public int shardOf(Object key) {
        return Shards.shard(balancer, index, ShardStrategy.hash(key));
    }

    @Override
    public ShardStrategy grow() {
        return of(kind, shards + 1);
    }

    /** Equal to the same kind over as many shards (the balancer is derived from the count). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HashedShards other && other.kind == kind && other.shards == shards;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(shards) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return kind.text + "(" + shards + ")";
    }
}
