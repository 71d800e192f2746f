package dev.horizon.balance;

import java.time.Duration;
import java.util.Objects;

/**
 * Envoy's slow start: an endpoint that just became healthy gets a share of its weight that grows over a window, so a
 * cold instance (empty caches, an unjitted JVM) is not handed its full share at once. The {@code slow-start} key of a
 * service in {@code horizon.yaml}; use it as the {@link Pool} weigher:
 * {@code e -> slowStart.weight(e.weight(), healthySince(e), now)}.
 *
 * <p>Contract: {@code factor(t) = max(minWeightPercent / 100, (max(t, 1 ms) / window)^(1 / aggression))} for
 * {@code 0 <= t < window}, and 1 once {@code t >= window} or when the window is 0 ({@link #NONE}). It never exceeds
 * 1 and never falls below {@code minWeightPercent / 100}.
 *
 * <p>Implementation notes. Envoy's {@code EdfLoadBalancerBase::applySlowStartFactor}
 * ({@code source/common/upstream/load_balancer_impl.cc}; docs {@code load_balancing/slow_start.rst}):
 * {@code time_factor = max(1 ms, time in slow start) / slow_start_window} and
 * {@code weight × max(time_factor^(1/aggression), min_weight_percent)}. The floor applies after the exponent: this is
 * Envoy's formula, which Horizon implements, whereas summaries of it sometimes put the floor inside the power,
 * {@code max(0.10, t/window)^(1/aggression)}; the two agree for aggression 1 and differ otherwise (aggression 2 at
 * t = 0: Envoy 0.10, the other 0.316), and Envoy's keeps {@code minWeightPercent} the true minimum share. Envoy's
 * docs write the 1 ms floor as {@code max(TimeSinceStartInSeconds, 1)}; its code uses milliseconds, as here. Envoy
 * measures time from the endpoint's last transition to healthy (its last passed health check, or when it joined
 * without health checks): pass that instant as {@code sinceNanos}. Time here is not truncated to milliseconds.
 *
 * @param window           how long the ramp lasts; 0 disables slow start; >= 0
 * @param aggression       the ramp's curvature: 1 is linear, above 1 ramps faster early on, below 1 slower; finite
 *                         and > 0
 * @param minWeightPercent the smallest share of its weight an endpoint in slow start gets, in percent; > 0, <= 100
 */
public record SlowStart(Duration window, double aggression, double minWeightPercent) {

    /** Envoy's default aggression: a linear ramp. */
    public static final double DEFAULT_AGGRESSION = 1.0;
    /** Envoy's default minimum share during slow start: 10 % of the weight. */
    public static final double DEFAULT_MIN_WEIGHT_PERCENT = 10.0;
    /** No slow start: the factor is always 1. */
    public static final SlowStart NONE = new SlowStart(Duration.ZERO, DEFAULT_AGGRESSION, DEFAULT_MIN_WEIGHT_PERCENT);

    /** Envoy's floor on the time in slow start, so the first instant has a finite, positive time factor. */
    private static final long MIN_ELAPSED_NANOS = 1_000_000L;

    /** Validates every component; messages name the {@code horizon.yaml} key, the bad value and what was expected. */
    public SlowStart {
        Objects.requireNonNull(window, "window");
        ConfigDurations.requireNonNegative("window", window);
        if (!(aggression > 0) || Double.isInfinite(aggression)) {
            throw new IllegalArgumentException("aggression: " + aggression + " (expected: finite and > 0)");
        }
        if (!(minWeightPercent > 0 && minWeightPercent <= 100)) {
            throw new IllegalArgumentException(
                "min-weight-percent: " + minWeightPercent + " (expected: > 0 and <= 100)");
        }
    }

    /** Slow start over {@code window} with Envoy's default aggression (1.0) and minimum weight (10 %). */
    public static SlowStart of(Duration window) {
        return new SlowStart(window, DEFAULT_AGGRESSION, DEFAULT_MIN_WEIGHT_PERCENT);
    }

    /** Whether the window is positive, so that new endpoints ramp up at all. */
    public boolean enabled() {
        return !window.isZero();
    }

    /** Whether an endpoint healthy for {@code elapsedNanos} still has a reduced weight, so pools must be rebuilt. */
    public boolean ramping(long elapsedNanos) {
        long windowNanos = window.toNanos();
        return windowNanos > 0 && elapsedNanos < windowNanos;
    }

    /**
     * The share of its weight an endpoint gets after {@code elapsedNanos} in slow start, in
     * [{@code minWeightPercent / 100}, 1]; see the class contract. A negative time counts as 0.
     */
    public double factor(long elapsedNanos) {
        long windowNanos = window.toNanos();
        if (windowNanos == 0 || elapsedNanos >= windowNanos) {
            return 1.0;
        }
        double timeFactor = Math.min(1.0, (double) Math.max(MIN_ELAPSED_NANOS, elapsedNanos) / windowNanos);
        double ramp = aggression == 1.0 ? timeFactor : Math.pow(timeFactor, 1.0 / aggression);
        return Math.max(ramp, minWeightPercent / 100.0);
    }

    /**
     * The effective weight of an endpoint: {@code configuredWeight × factor(nowNanos − sinceNanos)}.
     *
     * @param configuredWeight the endpoint's weight, >= 1
     * @param sinceNanos       when the endpoint last became healthy, on the same monotonic clock as {@code nowNanos}
     * @param nowNanos         now
     */
    public double weight(int configuredWeight, long sinceNanos, long nowNanos) {
        if (configuredWeight < 1) {
            throw new IllegalArgumentException("weight: " + configuredWeight + " (expected: >= 1)");
        }
        return configuredWeight * factor(nowNanos - sinceNanos);
    }
}
