package dev.horizon.sim.model;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Gunther's Universal Scalability Law: the throughput at concurrency {@code N} is
 * {@code X(N) = λN / (1 + σ(N−1) + κN(N−1))}, where {@code λ} is the throughput of one worker alone, {@code σ} the
 * contention (the serial fraction, Amdahl's law when {@code κ = 0}) and {@code κ} the crosstalk or coherency delay
 * (the cost of workers agreeing with each other, which makes throughput fall past a peak).
 *
 * <p>Sources: N. J. Gunther, <i>Guerrilla Capacity Planning</i> (2007), ch. 4; B. Schwartz, <i>Practical Scalability
 * Analysis with the Universal Scalability Law</i> (2015), equations 3 (X), 4 (the peak) and 6 (R); the latency
 * {@code R(N) = N / X(N)} is Little's law, as {@code codahale/usl4j} computes it.
 *
 * @param sigma contention {@code σ}, in {@code [0, 1]}: 1 is a fully serial system (one request at a time, whatever
 *              the concurrency), which a fit never returns but a CPU-bound service on one core or less is
 * @param kappa crosstalk {@code κ}, at least 0
 * @param lambda throughput of one worker {@code λ} in requests per second, above 0
 */
public record UniversalScalability(double sigma, double kappa, double lambda) {

    /** The fewest measurements a fit takes: three coefficients, and Schwartz's advice (usl4j refuses fewer too). */
    public static final int MIN_MEASUREMENTS = 6;

    /** @throws IllegalArgumentException when a coefficient is out of its range */
    public UniversalScalability {
        if (!(sigma >= 0 && sigma <= 1)) {
            throw new IllegalArgumentException("sigma: " + sigma + " (expected: 0 ≤ σ ≤ 1)");
        }
        if (!(kappa >= 0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("kappa: " + kappa + " (expected: κ ≥ 0)");
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda: " + lambda + " (expected: λ > 0 requests per second)");
        }
    }

    /**
     * The coefficients that fit {@code measurements} best in the least-squares sense (throughput residuals,
     * unweighted, as Schwartz fits them with R's {@code nls}), with {@code σ} in {@code [0, 1)} and {@code κ ≥ 0}.
     *
     * @throws IllegalArgumentException with fewer than {@link #MIN_MEASUREMENTS} measurements, fewer than three
     *     distinct concurrencies, or when the fit does not converge
     */
    public static UniversalScalability fit(List<Measurement> measurements) {
        return UslFit.fit(measurements);
    }

    /**
     * The coefficients with {@code λ} the throughput measured at concurrency 1 (the mean, with several such
     * measurements) and {@code σ, κ} fitted to the rest in the least-squares sense, as Gunther normalises a profile
     * by {@code X(1)}: what {@code horizon profile} fits when it measured concurrency 1.
     *
     * @throws IllegalArgumentException as {@link #fit}, or without a measurement at concurrency 1
     */
    public static UniversalScalability fitFromOne(List<Measurement> measurements) {
        return UslFit.fitFromOne(measurements);
    }

    /** {@code X(N)}: the throughput in requests per second at concurrency {@code n} (≥ 0). */
    public double throughput(double n) {
        return lambda * n / denominator(n);
    }

    /** {@code R(N) = N / X(N) = (1 + σ(N−1) + κN(N−1)) / λ}: the mean latency in seconds at concurrency {@code n}. */
    public double latency(double n) {
        return denominator(n) / lambda;
    }

    /**
     * {@code N* = floor(sqrt((1−σ)/κ))}, the concurrency of the highest throughput (at least 1); empty when
     * {@code κ = 0}: throughput then rises for ever, towards {@code λ/σ}.
     */
    public OptionalLong peakConcurrency() {
        if (kappa == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (long) Math.floor(Math.sqrt((1 - sigma) / kappa))));
    }

    /** {@code X(N*)}: the highest throughput, at {@link #peakConcurrency()}; empty when {@code κ = 0}. */
    public OptionalDouble peakThroughput() {
        OptionalLong peak = peakConcurrency();
        return peak.isPresent() ? OptionalDouble.of(throughput(peak.getAsLong())) : OptionalDouble.empty();
    }

    private double denominator(double n) {
        return 1 + sigma * (n - 1) + kappa * n * (n - 1);
    }
}
