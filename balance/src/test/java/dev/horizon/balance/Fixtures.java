package dev.horizon.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Endpoints, pools and seeded randomness for tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Healthy endpoints named by {@code "id"} or {@code "id:weight"}, each at a made-up address. */
    static List<Endpoint> endpoints(String... specs) {
        List<Endpoint> list = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            int weight = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            list.add(new Endpoint(parts[0], "10.0.0." + (list.size() + 1) + ":8080", weight, "", Health.HEALTHY,
                new EndpointLoad()));
        }
        return list;
    }

    /** A pool over healthy {@link #endpoints(String...)}. */
    static Pool pool(String... specs) {
        return Pool.of(endpoints(specs));
    }

    /** A single seeded generator handed out on every call: deterministic for single-threaded tests. */
    static Supplier<RandomGenerator> seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> random;
    }

    /** One pick without a hash key that must find an endpoint. */
    static Endpoint picked(LoadBalancer balancer) {
        return Objects.requireNonNull(balancer.pick(), "picked nothing");
    }

    /** The ids of {@code n} picks without a hash key, joined into one string. */
    static String sequence(LoadBalancer balancer, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Endpoint e = balancer.pick();
            out.append(i == 0 ? "" : " ").append(e == null ? "-" : e.id());
        }
        return out.toString();
    }
}
