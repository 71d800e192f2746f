package dev.horizon.data.shard;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.HashBalancer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Shared pieces of the strategies that place shards with a {@code balance} hash balancer. */
final class Shards {

    private Shards() {}

    /** Endpoints {@code shard-0 … shard-(n-1)}, as hash balancers place them by id. */
    static List<Endpoint> names(int shards) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            out.add(Endpoint.of("shard-" + i));
        }
        return out;
    }

    static Map<Endpoint, Integer> index(List<Endpoint> endpoints) {
        Map<Endpoint, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            index.put(endpoints.get(i), i);
        }
        return index;
    }

    static int shard(HashBalancer balancer, Map<Endpoint, Integer> index, long hash) {
        Endpoint e = balancer.pick(hash);
        Integer i = e == null ? null : index.get(e);
        if (i == null) {
            throw new IllegalStateException("no shard for hash " + hash);
        }
        return i;
    }
}
