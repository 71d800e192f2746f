package dev.horizon.sim.engine;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * A new instance's warm-up: when it becomes ready its requests cost {@code factor} times the model's work, and the
 * excess decays exponentially with time constant {@code decay}: {@code m(a) = 1 + (factor − 1)·e^(−a / decay)} at
 * {@code a} seconds after it became ready. A JVM interprets its code before its JIT compiles it, so the first requests
 * of a new instance are slower than those of one that has run for a while — the reason scale-outs lag under load and
 * why AWS lets an instance warm up before its metrics count.
 *
 * <p>The CPU a young instance spends on each request decays on a curve of its own,
 * {@code c(a) = 1 + (cpuFactor − 1)·e^(−a / cpuDecay)}: a JVM compiles the code its requests run on compiler threads
 * beside them, so its CPU per request stays high after its requests have become fast. On the reproduction's machine
 * the demo's new instances' requests took 2.5 times the old ones' time at first, back to theirs within 6 s, and 3 times
 * their CPU, still 1.2–1.3 times it 10–20 s later ({@code bench/sim/compare.py coldstart} and {@code coldcpu}). That
 * CPU is taken from the host the instances share ({@link HostCpu}), which slows every instance on it. Without a CPU
 * curve of its own, a request's CPU follows its time ({@code c = m}): a cold instance is as busy as a warm one and
 * gets less done.
 *
 * <p>Implementation notes. The factor divides the instance's speed (its requests progress at {@code X(n)/(n·m)}) and
 * multiplies its CPU per unit of time by {@code c/m} (its demand at {@code n} in service, at most its size; where the
 * size holds it, its requests progress slower still, as {@link HostCpu}'s factor does). The engine holds {@code m}
 * and {@code c} constant within each simulated second, at their values in the middle of the second (for the second it
 * becomes ready in, the middle of what is left of it). The instances the simulation starts with are warm.
 * {@code bench/sim/compare.py coldstart} measures the time curve from a recorded run (each young instance's mean time
 * per request against the old instances' in the same second, fitted by least squares), {@code coldcpu} the CPU
 * curve the same way from each instance's CPU.
 *
 * @param factor    how much more a request costs on an instance that has just become ready, at least 1
 * @param decay     the time constant of the excess, above 0
 * @param cpuFactor how much more CPU a request takes on an instance that has just become ready, at least 1
 * @param cpuDecay  the time constant of that excess, above 0
 */
public record ColdStart(double factor, Duration decay, double cpuFactor, Duration cpuDecay) {

    /** Validates the numbers. */
    public ColdStart {
        check("cold-start factor", factor, "cold-start decay", decay);
        check("cold-start CPU factor", cpuFactor, "cold-start CPU decay", cpuDecay);
    }

    /** A warm-up whose CPU per request follows its time per request ({@code c = m}). */
    public ColdStart(double factor, Duration decay) {
        this(factor, decay, factor, decay);
    }

    private static void check(String factorName, double factor, String decayName, Duration decay) {
        Objects.requireNonNull(decay, decayName);
        if (!(factor >= 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException(factorName + ": " + factor + " (expected: a number >= 1)");
        }
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException(decayName + ": " + DurationText.format(decay)
                + " (expected: more than 0s)");
        }
    }

    /** {@code m(a)}: how many times the model's work a request costs {@code seconds} after the instance was ready. */
    public double slowdown(double seconds) {
        return excess(factor, decay, seconds);
    }

    /** {@code c(a)}: how many times the model's CPU a request takes {@code seconds} after the instance was ready. */
    public double cpuCost(double seconds) {
        return excess(cpuFactor, cpuDecay, seconds);
    }

    private static double excess(double factor, Duration decay, double seconds) {
        return 1 + (factor - 1) * Math.exp(-Math.max(0, seconds) / (decay.toNanos() / 1e9));
    }
}
