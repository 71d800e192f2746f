package dev.horizon.sim.engine;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.Endpoint;
import dev.horizon.balance.LoadBalancer;
import dev.horizon.balance.Pool;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The gateway in front of the instances: a real {@link LoadBalancer} of the scenario's algorithm over the instances
 * that are ready (warming or in service), rebuilt with a new {@link Pool} whenever that set changes, as the gateway
 * rebuilds its pool on a membership change; and the gateway's ten-second windows the metrics read.
 *
 * <p>Implementation notes. The windows follow the gateway's {@code LatencyWindow}: ten one-second slots keyed by the
 * second, a reading sums the slots of the last ten seconds including the current, partial one, and divides a count by
 * the time they cover (nine seconds and the current one's part) for a rate. The service's window records every exchange
 * that ends — served, timed out (at the timeout), rejected (at 0) — as the gateway's {@code Exchange.end} does; an
 * endpoint's window records every attempt it answered or timed out. The latencies go into {@link LatencyHistogram}s (16
 * buckets per power of two) where the gateway's have 4, so the simulated p95 reading is finer than the live one
 * (the gateway interpolates within its bucket, the simulator reads midpoints: neither is biased high).
 */
final class Gateway {

    static final int WINDOW = 10;

    private final Algorithm algorithm;
    private final LongSupplier nanos;
    private final RandomGenerator random;
    private LoadBalancer balancer;
    private Map<Endpoint, Instance> members = new IdentityHashMap<>();
    private final LatencyHistogram[] window = new LatencyHistogram[WINDOW];
    private final long[] windowSecond = new long[WINDOW];
    private final LatencyHistogram merged = new LatencyHistogram();

    Gateway(Algorithm algorithm, LongSupplier nanos, RandomGenerator random) {
        this.algorithm = algorithm;
        this.nanos = nanos;
        this.random = random;
        this.balancer = algorithm.create(Pool.empty(), nanos, () -> random);
        for (int s = 0; s < WINDOW; s++) {
            window[s] = new LatencyHistogram();
            windowSecond[s] = Long.MIN_VALUE;
        }
    }

    /** Balances over {@code ready} from now on: a new pool and a new balancer, as the gateway does. */
    void rebuild(List<Instance> ready) {
        List<Endpoint> endpoints = new ArrayList<>(ready.size());
        Map<Endpoint, Instance> byEndpoint = new IdentityHashMap<>();
        for (Instance i : ready) {
            endpoints.add(i.endpoint);
            byEndpoint.put(i.endpoint, i);
        }
        this.members = byEndpoint;
        this.balancer = algorithm.create(Pool.of(endpoints), nanos, () -> random);
    }

    /** The instance the balancer picks for a request with hash key {@code key}, or null when none is ready. */
    @Nullable Instance pick(long key) {
        Endpoint e = balancer.pick(key);
        return e == null ? null : members.get(e);
    }

    /** Whether the balancer reads latencies (peak EWMA), so finished requests must feed them. */
    boolean readsLatency() {
        return algorithm == Algorithm.PEAK_EWMA;
    }

    /** An exchange ended in second {@code second} after {@code micros}. */
    void exchangeEnded(long micros, long second) {
        int slot = (int) Math.floorMod(second, (long) WINDOW);
        if (windowSecond[slot] != second) {
            window[slot].clear();
            windowSecond[slot] = second;
        }
        window[slot].record(micros);
    }

    /** The service's p95 over the last ten seconds, in milliseconds; 0 when nothing ended, as the gateway says. */
    double p95Ms(long second) {
        merged.clear();
        for (int slot = 0; slot < WINDOW; slot++) {
            long s = windowSecond[slot];
            if (s <= second && s > second - WINDOW) {
                merged.add(window[slot]);
            }
        }
        return merged.total() == 0 ? 0 : merged.quantileMs(0.95);
    }

    /**
     * The service's requests per second over the last ten seconds at {@code now}: every exchange that ended, over the
     * time the window covers (nine whole seconds and the current one's part, as the gateway's window divides).
     */
    double rps(double now) {
        long second = (long) Math.floor(now);
        long total = 0;
        for (int slot = 0; slot < WINDOW; slot++) {
            long s = windowSecond[slot];
            if (s <= second && s > second - WINDOW) {
                total += window[slot].total();
            }
        }
        return total / span(now);
    }

    /** The seconds a window read at {@code now} covers: nine whole ones and the current one's part. */
    private static double span(double now) {
        return WINDOW - 1 + (now - Math.floor(now));
    }

    /** Instance {@code i} answered (or timed out) an attempt in second {@code second}. */
    static void attemptEnded(Instance i, long second) {
        int slot = (int) Math.floorMod(second, (long) WINDOW);
        if (i.windowSecond[slot] != second) {
            i.windowCount[slot] = 0;
            i.windowSecond[slot] = second;
        }
        i.windowCount[slot]++;
    }

    /** Instance {@code i}'s requests per second over the last ten seconds at {@code now}, as the gateway reads it. */
    static double rps(Instance i, double now) {
        long second = (long) Math.floor(now);
        long total = 0;
        for (int slot = 0; slot < WINDOW; slot++) {
            long s = i.windowSecond[slot];
            if (s <= second && s > second - WINDOW) {
                total += i.windowCount[slot];
            }
        }
        return total / span(now);
    }
}
