package dev.horizon.control;

import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.Resize;
import dev.horizon.sizing.Resources;
import org.jspecify.annotations.Nullable;

/**
 * What the autoscaler drives: a service's instances as one whole, whatever revisions run them. Outside a rollout it is
 * the serving revision's fleet; during one, {@link ServiceFleets} splits the count across the revisions.
 */
interface ScaleTarget {

    /** The instances now; {@link FleetStatus#desired()} is the service's desired count. */
    FleetStatus status();

    /** Sets the service's desired count; returns the count in effect. */
    int setDesired(int count);

    /** Resizes every instance (or {@code instanceId}); see {@link Fleet#resize}. */
    Resize resize(Resources size, @Nullable String instanceId);

    /** One fleet as a target, for a service with a single revision (and tests). */
    static ScaleTarget of(Fleet fleet) {
        return new ScaleTarget() {
            @Override
            public FleetStatus status() {
                return fleet.status();
            }

            @Override
            public int setDesired(int count) {
                return fleet.setDesired(count);
            }

            @Override
            public Resize resize(Resources size, @Nullable String instanceId) {
                return fleet.resize(size, instanceId);
            }
        };
    }
}
