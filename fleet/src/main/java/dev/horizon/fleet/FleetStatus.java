package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fleet at one moment: the counts the autoscaler reads, the crash-loop state and every instance.
 *
 * @param service   the service
 * @param desired   the desired count in effect (within min..max)
 * @param ready     instances {@link InstanceState#IN_SERVICE}: the capacity scaling metrics divide by
 * @param warming   instances {@link InstanceState#WARMING}: taking requests, left out of scaling metrics
 * @param starting  instances {@link InstanceState#PENDING} or {@link InstanceState#STARTING}: capacity on the way
 * @param draining  instances {@link InstanceState#DRAINING}
 * @param restarts  instances that failed and were replaced since the fleet started
 * @param crashLoop the crash loop, or {@code null} when the last start went well
 * @param replacementPaused why the fleet replaces no unhealthy instance now, e.g. {@code replacement paused: all 2
 *                  instances fail health the same way (status 503)}; {@code null} when it does
 * @param instances every live instance, oldest first, then the last few ended ones, most recent first
 * @param size      the size new instances launch with (the last resize of the whole fleet, else the spec's)
 * @param replacing the rolling replacement under way, e.g. {@code replacing for resize 2/3: shop-5 starting at
 *                  cpu 500m, memory 256Mi for shop-2}; {@code null} when none
 */
public record FleetStatus(String service, int desired, int ready, int warming, int starting, int draining,
                          int restarts, @Nullable CrashLoop crashLoop, @Nullable String replacementPaused,
                          List<InstanceStatus> instances, Resources size, @Nullable String replacing) {

    /** Validates and copies. */
    public FleetStatus {
        Objects.requireNonNull(service, "service");
        instances = List.copyOf(instances);
        Objects.requireNonNull(size, "size");
    }

    /** Instances counting towards {@code desired}: ready + warming + starting. */
    public int active() {
        return ready + warming + starting;
    }
}
