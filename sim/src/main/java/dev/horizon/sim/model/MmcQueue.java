package dev.horizon.sim.model;

import java.util.Optional;

/**
 * The M/M/c queue: Poisson arrivals at {@code arrivalRate} per second, {@code servers} identical servers (instances),
 * exponential service times with mean {@code serviceTime} seconds, one shared first-come-first-served queue. The
 * offered load is {@code a = λS} erlangs, the utilization {@code ρ = a/c}; the queue is stable only when
 * {@code ρ < 1}, and every waiting-time figure of an unstable queue is infinite.
 *
 * <p>Sources: Erlang C as in L. Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §3.5 (M/M/m); the waiting-time
 * distribution {@code P(W > t) = C·e^{−(cμ−λ)t}} as in Gross, Shortle, Thompson and Harris, <i>Fundamentals of
 * Queueing Theory</i>, §2.3 (M/M/c).
 *
 * @param arrivalRate {@code λ}, requests per second, above 0
 * @param serviceTime {@code S = 1/μ}, the mean service time in seconds, above 0
 * @param servers {@code c}, at least 1
 */
public record MmcQueue(double arrivalRate, double serviceTime, int servers) {

    /** The largest fleet {@link #fewestInstances} tries. */
    public static final int MAX_SERVERS = 1_000_000;

    /** @throws IllegalArgumentException when a value is out of its range */
    public MmcQueue {
        requirePositive("arrival rate", arrivalRate);
        requirePositive("service time", serviceTime);
        if (servers < 1) {
            throw new IllegalArgumentException("servers: " + servers + " (expected: at least 1)");
        }
    }

    /**
     * The fewest servers whose p95 response time (wait plus service) is at most {@code targetP95} seconds; empty when
     * no number can meet it — the target is at or below {@link #p95Floor(double)}, what service alone takes at
     * the 95th percentile — or when it would take more than {@link #MAX_SERVERS}.
     */
    public static Optional<MmcQueue> fewestInstances(double rate, double serviceTime, double targetP95) {
        requirePositive("target p95", targetP95);
        MmcQueue queue = new MmcQueue(rate, serviceTime, 1);
        if (targetP95 <= p95Floor(serviceTime)) {
            return Optional.empty();
        }
        for (int c = Math.max(1, (int) Math.min(MAX_SERVERS, Math.floor(queue.offeredLoad()))); c <= MAX_SERVERS;
            c++) {
            MmcQueue candidate = new MmcQueue(rate, serviceTime, c);
            if (candidate.responseTimeQuantile(0.95) <= targetP95) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code S·ln 20}: the p95 of the service time alone, below which no number of servers brings the p95. */
    public static double p95Floor(double serviceTime) {
        return serviceTime * Math.log(20);
    }

    /** {@code a = λS}, in erlangs: how many servers the load keeps busy on average. */
    public double offeredLoad() {
        return arrivalRate * serviceTime;
    }

    /** {@code ρ = a/c}: the fraction of time each server is busy (1 or more: unstable). */
    public double utilization() {
        return offeredLoad() / servers;
    }

    /** Whether the queue has a steady state: {@code λ < cμ}. */
    public boolean isStable() {
        return utilization() < 1;
    }

    /**
     * Erlang C, {@code C(c, a)}: the probability that a request waits (finds every server busy); 1 when unstable.
     * Computed from Erlang B's recursion {@code B(0) = 1, B(k) = aB(k−1) / (k + aB(k−1))} and
     * {@code C = cB / (c − a(1 − B))}, which neither overflows ({@code a^c/c!}) nor cancels.
     */
    public double probabilityOfWaiting() {
        if (!isStable()) {
            return 1;
        }
        double a = offeredLoad();
        double b = 1;
        for (int k = 1; k <= servers; k++) {
            b = a * b / (k + a * b);
        }
        return servers * b / (servers - a * (1 - b));
    }

    /** {@code W_q = C / (cμ − λ)}: the mean wait in the queue in seconds; infinite when unstable. */
    public double meanWait() {
        return isStable() ? probabilityOfWaiting() / drainRate() : Double.POSITIVE_INFINITY;
    }

    /** {@code W_q + S}: the mean response time in seconds; infinite when unstable. */
    public double meanResponseTime() {
        return meanWait() + serviceTime;
    }

    /**
     * {@code P(T > t)} for the response time {@code T = W + S}: the wait {@code W} is 0 with probability {@code 1−C}
     * and else exponential with rate {@code θ = cμ − λ}; the service {@code S} is exponential with rate {@code μ}. So
     * {@code P(T > t) = (1−C)·e^{−μt} + C·H(t)}, with {@code H} the survival function of the sum of two independent
     * exponentials (hypo-exponential): {@code H(t) = (θe^{−μt} − μe^{−θt}) / (θ − μ)}. It is evaluated as
     * {@code e^{−rt}(1 + rt·g((s−r)t))} with {@code r = min(θ, μ)}, {@code s = max(θ, μ)} and
     * {@code g(x) = (1 − e^{−x})/x} ({@code g(0) = 1}, Erlang-2 when {@code θ = μ}), which stays exact when the two
     * rates are close. 1 when unstable.
     */
    public double responseTimeSurvival(double t) {
        return isStable() ? survival(t, probabilityOfWaiting()) : 1;
    }

    private double survival(double t, double c) {
        if (t <= 0) {
            return 1;
        }
        double mu = 1 / serviceTime;
        double theta = drainRate();
        double r = Math.min(theta, mu);
        double x = (Math.max(theta, mu) - r) * t;
        double g = x == 0 ? 1 : -Math.expm1(-x) / x;
        return (1 - c) * Math.exp(-mu * t) + c * Math.exp(-r * t) * (1 + r * t * g);
    }

    /**
     * The {@code q}-quantile of the response time in seconds ({@code q = 0.95} for the p95): the closed-form
     * {@link #responseTimeSurvival} inverted by bisection to a relative width of {@code 1e-12}; infinite when
     * unstable.
     *
     * @throws IllegalArgumentException when {@code q} is not in {@code (0, 1)}
     */
    public double responseTimeQuantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile: " + q + " (expected: 0 < q < 1)");
        }
        if (!isStable()) {
            return Double.POSITIVE_INFINITY;
        }
        double tail = 1 - q;
        double c = probabilityOfWaiting();
        double lo = 0;
        double hi = serviceTime;
        while (survival(hi, c) > tail) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1e-12 * hi) {
            double mid = (lo + hi) / 2;
            if (survival(mid, c) > tail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** {@code θ = cμ − λ}: the rate at which a busy queue drains. */
    private double drainRate() {
        return servers / serviceTime - arrivalRate;
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a number > 0)");
        }
    }
}
