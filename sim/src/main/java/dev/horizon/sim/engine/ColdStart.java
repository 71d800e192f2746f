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
 * <p>Implementation notes. The factor divides the instance's speed (its requests progress at {@code X(n)/(n·m)}) but
 * not its CPU: a cold instance is as busy as a warm one and gets less done. The engine holds {@code m} constant within
 * each simulated second, at its value in the middle of the second (for the second it becomes ready in, the middle of
 * what is left of it). The instances the simulation starts with are warm.
 * {@code bench/sim/compare.py coldstart} measures both numbers from a recorded run: each young instance's mean time
 * per request against the old instances' in the same second, fitted by least squares.
 *
 * @param factor how much more a request costs on an instance that has just become ready, at least 1
 * @param decay  the time constant of the excess, above 0
 */
public record ColdStart(double factor, Duration decay) {

    /** Validates the numbers. */
    public ColdStart {
        Objects.requireNonNull(decay, "decay");
        if (!(factor >= 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("cold-start factor: " + factor + " (expected: a number >= 1)");
        }
        if (decay.isNegative() || decay.isZero()) {
            throw new IllegalArgumentException("cold-start decay: " + DurationText.format(decay)
                + " (expected: more than 0s)");
        }
    }

    /** {@code m(a)}: how many times the model's work a request costs {@code seconds} after the instance was ready. */
    public double slowdown(double seconds) {
        return 1 + (factor - 1) * Math.exp(-Math.max(0, seconds) / (decay.toNanos() / 1e9));
    }
}
