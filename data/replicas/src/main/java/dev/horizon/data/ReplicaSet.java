package dev.horizon.data;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.Endpoint;
import dev.horizon.balance.LoadBalancer;
import dev.horizon.balance.Pool;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The replicas, and a balancer over the usable ones that is rebuilt whenever one enters or leaves the read set — so
 * a pick is the balancer's lock-free pick over an immutable snapshot.
 */
final class ReplicaSet {

    private final List<Replica> replicas;
    private final Map<Endpoint, Replica> byEndpoint = new IdentityHashMap<>();
    private final Algorithm algorithm;
    private volatile LoadBalancer balancer;
    private List<Endpoint> usable;

    ReplicaSet(List<Replica> replicas, Algorithm algorithm) {
        this.replicas = List.copyOf(replicas);
        this.algorithm = algorithm;
        replicas.forEach(r -> byEndpoint.put(r.endpoint(), r));
        this.usable = usableNow();
        this.balancer = build(usable);
    }

    List<Replica> all() {
        return replicas;
    }

    /**
     * Rebuilds the balancer from the replicas' current states when the usable ones changed. Call it after every change
     * of a replica's state: each call reads the states after that change, so the last call leaves them in agreement.
     */
    synchronized void refresh() {
        List<Endpoint> now = usableNow();
        if (!now.equals(usable)) {
            usable = now;
            balancer = build(now);
        }
    }

    private List<Endpoint> usableNow() {
        return replicas.stream().filter(Replica::usable).map(Replica::endpoint).toList();
    }

    private LoadBalancer build(List<Endpoint> endpoints) {
        return algorithm.create(Pool.of(endpoints), System::nanoTime, ThreadLocalRandom::current);
    }

    /**
     * A usable replica, not in {@code excluded}, that has replayed {@code after} as far as the monitor knows (any
     * replica when {@code after} is null): the balancer's pick when it qualifies, else the next one that does.
     */
    @Nullable Replica pick(@Nullable CausalToken after, Set<Replica> excluded) {
        LoadBalancer lb = balancer;
        Endpoint picked = lb.pick();
        if (picked == null) {
            return null;
        }
        Replica first = byEndpoint.get(picked);
        if (first != null && qualifies(first, after, excluded)) {
            return first;
        }
        List<Endpoint> eligible = lb.pool().eligible();
        int start = ThreadLocalRandom.current().nextInt(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            Replica r = byEndpoint.get(eligible.get((start + i) % eligible.size()));
            if (r != null && qualifies(r, after, excluded)) {
                return r;
            }
        }
        return null;
    }

    /** The usable replica, not excluded, that has replayed the most WAL, to wait on for a causal token. */
    @Nullable Replica furthest(Set<Replica> excluded) {
        Replica best = null;
        long bestAt = 0;
        for (Replica r : replicas) {
            ReplicaStatus s = r.status();
            long at = position(s);
            if (s.usable() && !excluded.contains(r) && (best == null || Long.compareUnsigned(at, bestAt) > 0)) {
                best = r;
                bestAt = at;
            }
        }
        return best;
    }

    /**
     * Whether one snapshot of the replica's status is usable and past {@code after}. A replica whose position is not
     * known has replayed nothing as far as a causal read is concerned (never "everything", as -1 read unsigned was).
     */
    private static boolean qualifies(Replica r, @Nullable CausalToken after, Set<Replica> excluded) {
        ReplicaStatus s = r.status();
        CausalToken at = s.replayed();
        return s.usable() && !excluded.contains(r) && (after == null || (at != null && after.compareTo(at) <= 0));
    }

    /** The replayed WAL position of a status, 0 when unknown. */
    private static long position(ReplicaStatus s) {
        CausalToken at = s.replayed();
        return at == null ? 0 : at.lsn();
    }

    /** Each replica's state and problem, for an error message: {@code replica-1: LAGGING (lag 1200ms > max 1000ms)}. */
    String describe() {
        if (replicas.isEmpty()) {
            return "no replicas are configured";
        }
        return replicas.stream().map(r -> r.status().name() + ": " + r.status().state()
                + (r.status().problem().isEmpty() ? "" : " (" + r.status().problem() + ")"))
            .collect(Collectors.joining("; "));
    }

    List<ReplicaStatus> statuses() {
        List<ReplicaStatus> out = new ArrayList<>();
        replicas.forEach(r -> out.add(r.status()));
        return out;
    }
}
