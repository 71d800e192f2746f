package dev.horizon.balance;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Peak EWMA (Finagle {@code PeakEwma}, Linkerd's default balancer): of two distinct random endpoints, the one with
 * the lower load, where {@code load = latency EWMA × (in-flight + 1) / weight}.
 *
 * <p>Implementation notes. The latency estimate and its decay live in {@link EndpointLoad} so every pool snapshot of
 * an endpoint shares them. Finagle and Linkerd ignore weights; dividing by the weight makes a configured weight mean
 * what it means elsewhere (twice the weight, twice the load before it looks as busy) and changes nothing when all
 * weights are equal. Ties go to the first draw. O(1), no allocation.
 */
final class PeakEwma implements LoadBalancer {

    private final Pool pool;
    private final LongSupplier nanoClock;
    private final Supplier<? extends RandomGenerator> random;

    PeakEwma(Pool pool, LongSupplier nanoClock, Supplier<? extends RandomGenerator> random) {
        this.pool = pool;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        int n = pool.size();
        if (n <= 1) {
            return n == 0 ? null : pool.get(0);
        }
        RandomGenerator r = random.get();
        int first = r.nextInt(n);
        int second = LeastRequest.secondChoice(r, n, first);
        long now = nanoClock.getAsLong();
        return load(second, now) < load(first, now) ? pool.get(second) : pool.get(first);
    }

    /** The load of the {@code i}-th eligible endpoint at {@code nowNanos}. */
    double load(int i, long nowNanos) {
        EndpointLoad load = pool.load(i);
        return load.latencyEwmaNanos(nowNanos) * (Math.max(0, load.inFlight()) + 1) / pool.weight(i);
    }

    @Override
    public Pool pool() {
        return pool;
    }
}
