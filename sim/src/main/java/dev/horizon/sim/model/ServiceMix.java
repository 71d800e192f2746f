package dev.horizon.sim.model;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The work of one request drawn from a mix: a hyperexponential distribution, in units of the mix's mean request.
 *
 * <p>Implementation notes. Entry {@code i} of weight {@code w_i} and mean time {@code m_i} is picked with probability
 * {@code p_i = w_i / Σw}, and its work is exponential with mean {@code r_i = m_i / m̄}, {@code m̄ = Σ p_i m_i} the
 * mixture's mean: a hyperexponential {@code H_k} (Kleinrock, <i>Queueing Systems</i> vol. 1, §4.7; Harchol-Balter,
 * <i>Performance Modeling and Design of Computer Systems</i>, §21.2), whose mean is {@code Σ p_i r_i = 1} whatever the
 * entries, so the capacity curve's throughput and its CPU scaling are unchanged and only the spread of the work is
 * the mix's. Its survival function is {@code P(W > t) = Σ p_i e^(−t / r_i)}; a quantile is found by bisection on it
 * (it is continuous and decreasing). One entry is the plain exponential of mean one. A draw takes two uniforms of the
 * generator it is given (the entry by inversion of the cumulative weights, then {@code −r_i ln(1 − U)}), so a
 * simulation stays deterministic per seed.
 */
public final class ServiceMix {

    private final double[] cumulative;
    private final double[] relative;
    private final double meanMs;

    /** @throws IllegalArgumentException with no entry */
    public ServiceMix(List<MixEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("mix: no entry (expected: at least one)");
        }
        double total = entries.stream().mapToDouble(MixEntry::weight).sum();
        cumulative = new double[entries.size()];
        relative = new double[entries.size()];
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
            relative[i] = entries.get(i).serviceTimeMs() / mean;
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
        return -relative[i] * Math.log(1 - random.nextDouble());
    }

    /** {@code P(W > t)} for work {@code t} in units of the mean request. */
    public double survival(double t) {
        double s = 0;
        double previous = 0;
        for (int i = 0; i < cumulative.length; i++) {
            s += (cumulative[i] - previous) * Math.exp(-t / relative[i]);
            previous = cumulative[i];
        }
        return s;
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
