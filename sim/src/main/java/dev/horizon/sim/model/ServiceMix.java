package dev.horizon.sim.model;

import java.util.List;
import java.util.random.RandomGenerator;
import org.hipparchus.special.Erf;

/**
 * The work of one request drawn from a mix, in units of the mix's mean request: a mixture of each kind's distribution.
 *
 * <p>Implementation notes. Entry {@code i} of weight {@code w_i} and mean time {@code m_i} is picked with probability
 * {@code p_i = w_i / Σw}, and its work has mean {@code r_i = m_i / m̄}, {@code m̄ = Σ p_i m_i} the mixture's mean, so
 * the mixture's mean is {@code Σ p_i r_i = 1} whatever the entries: the capacity curve's throughput and its CPU
 * scaling are unchanged and only the spread of the work is the mix's. An entry without a recorded spread is
 * exponential, the mixture then a hyperexponential {@code H_k} (Kleinrock, <i>Queueing Systems</i> vol. 1, §4.7;
 * Harchol-Balter, <i>Performance Modeling and Design of Computer Systems</i>, §21.2). An entry with a coefficient of
 * variation {@code c} (what {@code horizon profile} measures at concurrency 1) is lognormal with that mean and
 * {@code c}: {@code s² = ln(1 + c²)}, {@code μ = ln r_i − s²/2}, the usual fit for web service times (Feitelson,
 * <i>Workload Modeling for Computer Systems Performance Evaluation</i>, 2015), which can be as narrow as a login's
 * hashing ({@code c} ≈ 0.2: one exponential's tail put a mix's p95 at half the real one) or wider than an
 * exponential; {@code c = 0} is a constant. The survival function is {@code P(W > t) = Σ p_i S_i(t)}, with
 * {@code S_i(t) = e^(−t / r_i)} for an exponential and {@code ½ erfc((ln t − μ) / (s√2))} for a lognormal (Hipparchus'
 * {@link Erf}); a quantile is found by bisection on it (it is decreasing). One entry without a spread is the plain
 * exponential of mean one. A draw takes the entry by inversion of the cumulative weights, then one uniform
 * ({@code −r_i ln(1 − U)}) or one Gaussian ({@code e^(μ + sZ)}) of the generator it is given, so a simulation stays
 * deterministic per seed, and a model without spreads draws exactly as before they were recorded.
 */
public final class ServiceMix {

    private final double[] cumulative;
    private final double[] relative;
    /** Each lognormal entry's {@code s}; NaN for an exponential one, 0 for a constant one. */
    private final double[] sigma;
    /** Each lognormal entry's {@code μ}. */
    private final double[] mu;
    private final double meanMs;

    /** @throws IllegalArgumentException with no entry */
    public ServiceMix(List<MixEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("mix: no entry (expected: at least one)");
        }
        double total = entries.stream().mapToDouble(MixEntry::weight).sum();
        cumulative = new double[entries.size()];
        relative = new double[entries.size()];
        sigma = new double[entries.size()];
        mu = new double[entries.size()];
        double mean = 0;
        double sum = 0;
        for (int i = 0; i < entries.size(); i++) {
            MixEntry e = entries.get(i);
            sum += e.weight() / total;
            cumulative[i] = sum;
            mean += e.weight() / total * e.serviceTimeMs();
        }
        cumulative[entries.size() - 1] = 1;
        meanMs = mean;
        for (int i = 0; i < entries.size(); i++) {
            MixEntry e = entries.get(i);
            relative[i] = e.serviceTimeMs() / mean;
            sigma[i] = e.hasCv() ? Math.sqrt(Math.log1p(e.cv() * e.cv())) : Double.NaN;
            mu[i] = Math.log(relative[i]) - sigma[i] * sigma[i] / 2;
        }
    }

    /** The mixture's mean time, {@code Σ p_i m_i}, in milliseconds. */
    public double meanMs() {
        return meanMs;
    }

    /** One request's work, in units of the mean request (its mean is 1). */
    public double draw(RandomGenerator random) {
        double u = random.nextDouble();
        int i = 0;
        while (i < cumulative.length - 1 && u >= cumulative[i]) {
            i++;
        }
        double s = sigma[i];
        if (Double.isNaN(s)) {
            return -relative[i] * Math.log(1 - random.nextDouble());
        }
        return s == 0 ? relative[i] : Math.exp(mu[i] + s * random.nextGaussian());
    }

    /** {@code P(W > t)} for work {@code t} in units of the mean request. */
    public double survival(double t) {
        double s = 0;
        double previous = 0;
        for (int i = 0; i < cumulative.length; i++) {
            s += (cumulative[i] - previous) * survival(i, t);
            previous = cumulative[i];
        }
        return s;
    }

    /** {@code S_i(t)} of entry {@code i}. */
    private double survival(int i, double t) {
        double s = sigma[i];
        if (Double.isNaN(s)) {
            return Math.exp(-t / relative[i]);
        }
        if (s == 0 || t <= 0) {
            return t < relative[i] ? 1 : 0;
        }
        return Erf.erfc((Math.log(t) - mu[i]) / (s * Math.sqrt(2))) / 2;
    }

    /** The {@code q} quantile of the work ({@code 0 < q < 1}), in units of the mean request, to 1e-12 relative. */
    public double quantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile: " + q + " (expected: 0 < q < 1)");
        }
        double lo = 0;
        double hi = 1;
        while (survival(hi) > 1 - q) {
            hi *= 2;
        }
        while (hi - lo > 1e-12 * hi) {
            double mid = (lo + hi) / 2;
            if (survival(mid) > 1 - q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
