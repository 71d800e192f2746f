package dev.horizon.balance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Pools and balancers shared by the hash balancer tests. */
final class HashFixtures {

    /** The four placements by name, in a stable order. */
    static final Map<String, Function<Pool, HashBalancer>> ALGORITHMS = algorithms();

    private HashFixtures() {
    }

    private static Map<String, Function<Pool, HashBalancer>> algorithms() {
        Map<String, Function<Pool, HashBalancer>> all = new LinkedHashMap<>();
        all.put("ring", HashBalancer::ringHash);
        all.put("maglev", HashBalancer::maglev);
        all.put("jump", HashBalancer::jumpHash);
        all.put("rendezvous", HashBalancer::rendezvous);
        return all;
    }

    /** The id of endpoint {@code i} in pools built here. */
    static String id(int i) {
        return "10.0.0." + i + ":8080";
    }

    /** {@code n} healthy endpoints of weight 1 with fresh counters, ids {@link #id(int)} 0..n-1. */
    static List<Endpoint> endpoints(int n) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            endpoints.add(Endpoint.of(id(i)));
        }
        return endpoints;
    }

    /** A pool of {@code n} endpoints of weight 1. */
    static Pool pool(int n) {
        return Pool.of(endpoints(n));
    }

    /** A pool with one endpoint per weight, ids {@link #id(int)} in order. */
    static Pool weighted(int... weights) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            endpoints.add(Endpoint.of(id(i), weights[i]));
        }
        return Pool.of(endpoints);
    }

    /** The id of a picked endpoint, failing on none. */
    static String idOf(@Nullable Endpoint picked) {
        return Objects.requireNonNull(picked, "picked nothing").id();
    }

    /** The pool index of a picked endpoint, failing on none. */
    static int indexOf(Pool pool, @Nullable Endpoint picked) {
        Objects.requireNonNull(picked, "picked nothing");
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i) == picked) {
                return i;
            }
        }
        throw new AssertionError(picked + " is not eligible in " + pool);
    }
}
