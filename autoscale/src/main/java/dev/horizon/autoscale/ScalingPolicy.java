package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything that decides a service's size: bounds, evaluation period, tolerance, tracked metrics, behavior, step
 * policies, scheduled actions and predictive scaling.
 *
 * @param min       the fewest instances, at least 0
 * @param max       the most instances, at least {@code max(1, min)}
 * @param period    how often the caller evaluates (the HPA's sync period), default 1s
 * @param tolerance how far from the target a metric may be before it moves the count
 * @param metrics   the target-tracking metrics, distinct names; the largest proposal wins
 * @param behavior  stabilization and rate limits
 * @param steps     step policies; their proposals compete with the metrics' (the largest wins)
 * @param schedule  scheduled actions
 * @param predictive the predictive policy, null when there is none; its minimum capacity competes with the metrics'
 *                   and step policies' proposals
 */
public record ScalingPolicy(int min, int max, Duration period, Tolerance tolerance, List<MetricSpec> metrics,
                            Behavior behavior, List<StepPolicy> steps, List<ScheduledAction> schedule,
                            @Nullable PredictivePolicy predictive) {

    /** The evaluation period when none is configured. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    /** Validates bounds, period and metric names; copies the lists. */
    public ScalingPolicy {
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(behavior, "behavior");
        if (min < 0) {
            throw new IllegalArgumentException("min: " + min + " (expected: >= 0)");
        }
        if (max < Math.max(1, min)) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= " + Math.max(1, min) + ")");
        }
        if (!period.isPositive() || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("period: " + DurationText.format(period)
                + " (expected: more than 0s, at most 1h)");
        }
        metrics = List.copyOf(metrics);
        steps = List.copyOf(steps);
        schedule = List.copyOf(schedule);
        Set<String> names = new HashSet<>();
        for (MetricSpec m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("metrics: '" + m.name() + "' twice (expected: distinct names)");
            }
        }
    }

    /** A policy without a predictive policy. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public ScalingPolicy(int min, int max, Duration period, Tolerance tolerance, List<MetricSpec> metrics,
                         Behavior behavior, List<StepPolicy> steps, List<ScheduledAction> schedule) {
        this(min, max, period, tolerance, metrics, behavior, steps, schedule, null);
    }

    /** A policy tracking {@code metrics} between {@code min} and {@code max}, everything else at its default. */
    public static ScalingPolicy of(int min, int max, MetricSpec... metrics) {
        return new ScalingPolicy(min, max, DEFAULT_PERIOD, Tolerance.DEFAULT, List.of(metrics), Behavior.DEFAULT,
            List.of(), List.of());
    }

    /** This policy with {@code newBehavior}. */
    public ScalingPolicy withBehavior(Behavior newBehavior) {
        return new ScalingPolicy(min, max, period, tolerance, metrics, newBehavior, steps, schedule, predictive);
    }

    /** This policy with {@code newSteps}. */
    public ScalingPolicy withSteps(List<StepPolicy> newSteps) {
        return new ScalingPolicy(min, max, period, tolerance, metrics, behavior, newSteps, schedule, predictive);
    }

    /** This policy with {@code newSchedule}. */
    public ScalingPolicy withSchedule(List<ScheduledAction> newSchedule) {
        return new ScalingPolicy(min, max, period, tolerance, metrics, behavior, steps, newSchedule, predictive);
    }

    /** This policy with {@code newPredictive} (null: none). */
    public ScalingPolicy withPredictive(@Nullable PredictivePolicy newPredictive) {
        return new ScalingPolicy(min, max, period, tolerance, metrics, behavior, steps, schedule, newPredictive);
    }
}
