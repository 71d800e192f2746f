package dev.horizon.balance;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * An immutable snapshot of one service's endpoints: which of them may take requests right now and with what weight.
 * Balancers are built over a pool and never see the endpoints it excludes.
 *
 * <p>Eligibility follows Envoy's panic threshold: draining endpoints are never eligible; of the rest, only
 * {@linkplain Health#HEALTHY healthy} ones are, unless fewer than the threshold percentage of them are healthy; then
 * the pool is in <em>panic</em> and every non-draining endpoint is eligible, because spreading load over all of them
 * beats overloading the few that are left. A threshold of 0 disables panic mode.
 *
 * <p>Weights are the endpoints' configured weights unless a weigher says otherwise (slow start uses one to ramp a new
 * endpoint up). Every weight is finite and positive.
 */
public final class Pool {

    /** Envoy's default panic threshold: below 50 % healthy, balance over every endpoint. */
    public static final int DEFAULT_PANIC_THRESHOLD_PERCENT = 50;

    private static final Pool EMPTY = new Pool(List.of(), new Endpoint[0], new double[0], false);

    private final List<Endpoint> all;
    private final Endpoint[] eligible;
    private final EndpointLoad[] loads;
    private final double[] weights;
    private final boolean panic;
    private final boolean equalWeights;
    private final double totalWeight;

    private Pool(List<Endpoint> all, Endpoint[] eligible, double[] weights, boolean panic) {
        this.all = all;
        this.eligible = eligible;
        this.loads = new EndpointLoad[eligible.length];
        for (int i = 0; i < eligible.length; i++) {
            loads[i] = eligible[i].load();
        }
        this.weights = weights;
        this.panic = panic;
        double total = 0;
        boolean equal = true;
        for (double w : weights) {
            total += w;
            equal &= w == weights[0];
        }
        this.totalWeight = total;
        this.equalWeights = equal;
    }

    /** A pool with no endpoints: every balancer over it picks nothing. */
    public static Pool empty() {
        return EMPTY;
    }

    /** A pool over {@code endpoints} with the default panic threshold and the configured weights. */
    public static Pool of(List<Endpoint> endpoints) {
        return of(endpoints, DEFAULT_PANIC_THRESHOLD_PERCENT, e -> e.weight());
    }

    /** A pool over {@code endpoints} with the configured weights. */
    public static Pool of(List<Endpoint> endpoints, int panicThresholdPercent) {
        return of(endpoints, panicThresholdPercent, e -> e.weight());
    }

    /**
     * A pool over {@code endpoints}.
     *
     * @param endpoints             every endpoint of the service, ids unique
     * @param panicThresholdPercent 0..100; below this share of healthy endpoints the pool balances over all of them
     * @param weigher               the effective weight of an eligible endpoint, finite and positive
     * @throws IllegalArgumentException on duplicate ids, a threshold outside 0..100 or a bad weight
     */
    public static Pool of(List<Endpoint> endpoints, int panicThresholdPercent, ToDoubleFunction<Endpoint> weigher) {
        if (panicThresholdPercent < 0 || panicThresholdPercent > 100) {
            throw new IllegalArgumentException("panic threshold: " + panicThresholdPercent + "% (expected: 0..100)");
        }
        List<Endpoint> all = List.copyOf(endpoints);
        Set<String> ids = new HashSet<>();
        int candidates = 0;
        int healthy = 0;
        for (Endpoint e : all) {
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("duplicate endpoint id '" + e.id() + "'");
            }
            if (e.health() != Health.DRAINING) {
                candidates++;
                if (e.health().available()) {
                    healthy++;
                }
            }
        }
        boolean panic = candidates > 0 && healthy * 100L < (long) panicThresholdPercent * candidates;
        Endpoint[] eligible = all.stream()
            .filter(e -> panic ? e.health() != Health.DRAINING : e.health().available())
            .toArray(Endpoint[]::new);
        double[] weights = new double[eligible.length];
        for (int i = 0; i < eligible.length; i++) {
            double w = weigher.applyAsDouble(eligible[i]);
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(
                    "endpoint " + eligible[i].id() + ": effective weight: " + w + " (expected: finite and > 0)");
            }
            weights[i] = w;
        }
        return new Pool(all, eligible, weights, panic);
    }

    /** Every endpoint of the service, eligible or not, in the order given. */
    public List<Endpoint> all() {
        return all;
    }

    /** Endpoints that may take requests now, in the order given. */
    public List<Endpoint> eligible() {
        return List.of(eligible);
    }

    /** How many endpoints may take requests now. */
    public int size() {
        return eligible.length;
    }

    /** Whether no endpoint may take requests. */
    public boolean isEmpty() {
        return eligible.length == 0;
    }

    /** The {@code i}-th eligible endpoint. */
    public Endpoint get(int i) {
        return eligible[i];
    }

    /** The live counters of the {@code i}-th eligible endpoint: {@code get(i).load()}, one indirection shorter. */
    public EndpointLoad load(int i) {
        return loads[i];
    }

    /** The effective weight of the {@code i}-th eligible endpoint. */
    public double weight(int i) {
        return weights[i];
    }

    /** The sum of the eligible endpoints' effective weights. */
    public double totalWeight() {
        return totalWeight;
    }

    /** Whether every eligible endpoint has the same effective weight (true for an empty pool). */
    public boolean equalWeights() {
        return equalWeights;
    }

    /** Whether too few endpoints are healthy, so that unhealthy and ejected ones are eligible too. */
    public boolean panic() {
        return panic;
    }

    @Override
    public String toString() {
        return "Pool" + Arrays.toString(eligible) + (panic ? " (panic)" : "");
    }
}
