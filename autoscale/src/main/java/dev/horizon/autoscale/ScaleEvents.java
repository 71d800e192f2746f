package dev.horizon.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Recent scale events and the rate limits they imply.
 *
 * <p>Implementation notes: {@code convertDesiredReplicasWithBehaviorRate} and
 * {@code calculateScaleUpLimitWithScalingRules} / {@code calculateScaleDownLimitWithBehaviors} in the HPA's
 * {@code horizontal.go}. For each policy the count at the start of its period is the current count minus the
 * instances added and plus those removed by events strictly inside the period; an instances policy allows
 * {@code start ± value}, a percent policy {@code ceil(start × (1 + v/100))} up and {@code int(start × (1 − v/100))}
 * down; {@code select} takes the most (max) or the least (min) change, and the limit never goes past the current
 * count the other way. Events older than every period are dropped.
 */
final class ScaleEvents {

    private record Event(Instant at, int change) {
    }

    private final List<Event> events = new ArrayList<>();

    /** Records a change of {@code change} instances (negative for a scale-down) at {@code at}. */
    void record(Instant at, int change, Behavior behavior) {
        if (change == 0) {
            return;
        }
        Duration keep = behavior.scaleUp().longestPeriod();
        if (behavior.scaleDown().longestPeriod().compareTo(keep) > 0) {
            keep = behavior.scaleDown().longestPeriod();
        }
        Instant cutoff = at.minus(keep);
        events.removeIf(e -> !e.at().isAfter(cutoff));
        events.add(new Event(at, change));
    }

    /** {@code desired} limited by the rules of its direction, from {@code current}, with what the limit did. */
    Decision.Stage limit(Instant now, int current, int desired, Behavior behavior) {
        if (desired > current) {
            Rules rules = behavior.scaleUp();
            int limit = Math.max(current, limit(now, current, rules, true));
            if (desired > limit) {
                return new Decision.Stage(desired, limit, "scale-up limit " + rules.describe(true) + " allowed "
                    + limit);
            }
        } else if (desired < current) {
            Rules rules = behavior.scaleDown();
            int limit = Math.min(current, limit(now, current, rules, false));
            if (desired < limit) {
                return new Decision.Stage(desired, limit, "scale-down limit " + rules.describe(false) + " allowed "
                    + limit);
            }
        }
        return new Decision.Stage(desired, desired, "");
    }

    /**
     * The furthest count the rules allow from {@code current} in one direction: each policy's count from the start of
     * its period, then the one with the most change ({@code max}) or the least ({@code min}).
     */
    private int limit(Instant now, int current, Rules rules, boolean up) {
        if (rules.select() == Select.DISABLED) {
            return current;
        }
        boolean furthest = rules.select() == Select.MAX;
        int result = 0;
        boolean first = true;
        for (RatePolicy p : rules.policies()) {
            int start = periodStart(now, current, p.period());
            int proposed;
            if (p.kind() == RatePolicy.Kind.INSTANCES) {
                proposed = up ? start + p.value() : start - p.value();
            } else if (up) {
                proposed = (int) Math.ceil(start * (1 + p.value() / 100.0));
            } else {
                proposed = (int) (start * (1 - p.value() / 100.0));
            }
            result = first ? proposed : (furthest == up ? Math.max(result, proposed) : Math.min(result, proposed));
            first = false;
        }
        return result;
    }

    /** The count at the start of a period ending now: the events inside it undone. */
    private int periodStart(Instant now, int current, Duration period) {
        Instant cutoff = now.minus(period);
        int start = current;
        for (Event e : events) {
            if (e.at().isAfter(cutoff)) {
                start -= e.change();
            }
        }
        return start;
    }
}
