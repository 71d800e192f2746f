package dev.horizon.autoscale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The bounds scheduled actions put in force, and a desired count one sets when it fires.
 *
 * <p>Implementation notes. Nothing is remembered: each action's latest firing at or before {@code now} is found from
 * its cron, the actions are replayed in the order they fired, and each bound takes the value of the last action that
 * set it (the policy's own bound when none did). A minimum above the maximum in force raises the maximum when it was
 * set later, else the maximum lowers it. A desired count applies only in the evaluation whose interval
 * {@code (previous, now]} contains the firing, so it acts once.
 */
final class Schedules {

    private Schedules() {
    }

    /**
     * What is in force.
     *
     * @param bounds    the bounds
     * @param desired   the desired count an action set since the previous evaluation, or null
     * @param desiredBy that action, described, or empty
     */
    record InForce(Decision.Bounds bounds, @Nullable Integer desired, String desiredBy) {
    }

    private record Fired(ScheduledAction action, Instant at, int order) {
    }

    static InForce inForce(ScalingPolicy policy, @Nullable Instant previous, Instant now) {
        List<Fired> fired = new ArrayList<>();
        List<ScheduledAction> actions = policy.schedule();
        for (int i = 0; i < actions.size(); i++) {
            Instant at = actions.get(i).cron().lastFire(now, actions.get(i).zone());
            if (at != null) {
                fired.add(new Fired(actions.get(i), at, i));
            }
        }
        fired.sort(Comparator.comparing(Fired::at).thenComparingInt(Fired::order));
        int min = policy.min();
        int max = policy.max();
        int minOrder = -1;
        int maxOrder = -1;
        Set<String> setters = new LinkedHashSet<>();
        String minBy = "";
        String maxBy = "";
        Integer desired = null;
        String desiredBy = "";
        for (int i = 0; i < fired.size(); i++) {
            ScheduledAction a = fired.get(i).action();
            Integer aMin = a.min();
            Integer aMax = a.max();
            Integer aDesired = a.desired();
            if (aMin != null) {
                min = aMin;
                minOrder = i;
                minBy = a.describe();
            }
            if (aMax != null) {
                max = aMax;
                maxOrder = i;
                maxBy = a.describe();
            }
            if (aDesired != null && previous != null && fired.get(i).at().isAfter(previous)) {
                desired = aDesired;
                desiredBy = a.describe();
            }
        }
        if (min > max) {
            if (minOrder > maxOrder) {
                max = min;
                maxBy = minBy;
            } else {
                min = max;
                minBy = maxBy;
            }
        }
        if (!minBy.isEmpty()) {
            setters.add(minBy);
        }
        if (!maxBy.isEmpty()) {
            setters.add(maxBy);
        }
        return new InForce(new Decision.Bounds(min, max, List.copyOf(setters)), desired, desiredBy);
    }
}
