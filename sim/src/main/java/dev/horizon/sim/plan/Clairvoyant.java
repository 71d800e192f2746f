package dev.horizon.sim.plan;

import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.util.List;
import java.util.Objects;

/**
 * The lower bound of the planner's table: the cost of capacity that knows the future. Every second it has exactly
 * the instances that second's rate needs, of whichever size serves that rate most cheaply, started and stopped at no
 * cost and in no time; no real policy can serve the trace without overload for less.
 *
 * <p>Implementation notes. An instance of a size serves at most its curve's {@link
 * dev.horizon.sim.model.SizeCurve#capacity(int) capacity} with up to {@code concurrency} requests in flight (the
 * USL's peak when it lies below); a second with rate {@code r} needs {@code ceil(r / capacity)} of them and costs
 * their price for a second. No queueing allowance is made — a bound must not be beaten by any policy, and one running
 * its instances at 100 % would match it — so the gap between a strategy and this row is what the strategy pays for
 * reacting instead of knowing, plus its headroom. This is the planner's analogue of the optimal (clairvoyant) policy
 * that Caffeine's simulator reports beside real cache policies.
 */
public final class Clairvoyant {

    private Clairvoyant() {
    }

    /**
     * The bound.
     *
     * @param cost        what the capacity costs over the trace, in the catalogue's currency
     * @param perMonth    that cost scaled to a month of {@value SizeCatalog#HOURS_PER_MONTH} hours
     * @param peakCount   the most instances it had at once
     * @param peakSize    the size it used at the trace's peak second
     */
    public record Bound(double cost, double perMonth, int peakCount, Size peakSize) {
    }

    /**
     * The bound for {@code trace} over {@code sizes}.
     *
     * @param concurrency the most requests an instance takes at once
     * @throws IllegalArgumentException with no size, or a trace of no seconds
     */
    public static Bound of(Trace trace, CapacityModel model, List<Size> sizes, int concurrency) {
        Objects.requireNonNull(trace, "trace");
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("sizes: none (expected: at least one size with a price)");
        }
        double[] capacity = new double[sizes.size()];
        for (int i = 0; i < capacity.length; i++) {
            capacity[i] = model.at(sizes.get(i).cpu()).capacity(concurrency);
        }
        double cost = 0;
        int peakCount = 0;
        Size peakSize = sizes.getFirst();
        int peakSecond = trace.peakSecond();
        for (int t = 0; t < trace.seconds(); t++) {
            double r = trace.rps(t);
            double best = Double.POSITIVE_INFINITY;
            int bestCount = 0;
            Size bestSize = sizes.getFirst();
            for (int i = 0; i < capacity.length; i++) {
                int n = (int) Math.ceil(r / capacity[i] - 1e-9);
                double c = n * sizes.get(i).pricePerHour();
                if (c < best) {
                    best = c;
                    bestCount = n;
                    bestSize = sizes.get(i);
                }
            }
            cost += best / 3600;
            peakCount = Math.max(peakCount, bestCount);
            if (t == peakSecond) {
                peakSize = bestSize;
            }
        }
        double hours = trace.seconds() / 3600.0;
        return new Bound(cost, cost / hours * SizeCatalog.HOURS_PER_MONTH, peakCount, peakSize);
    }
}
