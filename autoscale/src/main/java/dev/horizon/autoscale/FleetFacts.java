package dev.horizon.autoscale;

/**
 * What the fleet knows about a service's instances when the autoscaler evaluates it.
 *
 * @param ready    instances running, ready and past their warm-up: the count a service-wide {@code Value} target
 *                 scales
 * @param starting instances launched but not yet ready (a scale-out in progress)
 * @param warming  instances ready but inside their warm-up
 */
public record FleetFacts(int ready, int starting, int warming) {

    /** Validates the counts. */
    public FleetFacts {
        if (ready < 0 || starting < 0 || warming < 0) {
            throw new IllegalArgumentException("facts: ready " + ready + ", starting " + starting + ", warming "
                + warming + " (expected: counts >= 0)");
        }
    }

    /** {@code ready} instances, none starting or warming. */
    public static FleetFacts steady(int ready) {
        return new FleetFacts(ready, 0, 0);
    }

    /** Whether a scale-out is still in progress: instances starting or warming. */
    public boolean scalingOut() {
        return starting > 0 || warming > 0;
    }
}
