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
            int limit = Math.max(current, upLimit(now, current, rules));
            if (desired > limit) {
                return new Decision.Stage(desired, limit, "scale-up limit " + rules.describe(true) + " allowed "
                    + limit);
            }
        } else if (desired < current) {
            Rules rules = behavior.scaleDown();
            int limit = Math.min(current, downLimit(now, current, rules));
            if (desired < limit) {
                return new Decision.Stage(desired, limit, "scale-down limit " + rules.describe(false) + " allowed "
                    + limit);
            }
        }
        return new Decision.Stage(desired, desired, "");
    }

    private int upLimit(Instant now, int current, Rules rules) {
        if (rules.select() == Select.DISABLED) {
            return current;
        }
        int result = rules.select() == Select.MIN ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (RatePolicy p : rules.policies()) {
            int start = periodStart(now, current, p.period());
            int proposed = p.kind() == RatePolicy.Kind.INSTANCES ? start + p.value()
                : (int) Math.ceil(start * (1 + p.value() / 100.0));
            result = rules.select() == Select.MIN ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private int downLimit(Instant now, int current, Rules rules) {
        if (rules.select() == Select.DISABLED) {
            return current;
        }
        int result = rules.select() == Select.MIN ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (RatePolicy p : rules.policies()) {
            int start = periodStart(now, current, p.period());
            int proposed = p.kind() == RatePolicy.Kind.INSTANCES ? start - p.value()
                : (int) (start * (1 - p.value() / 100.0));
            result = rules.select() == Select.MIN ? Math.max(result, proposed) : Math.min(result, proposed);
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
