package dev.horizon.control;

import dev.horizon.sizing.Resources;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A managed service's instances at one moment, as the admin API shows them ({@code GET
 * /admin/services/{s}/instances}): the fleet's counts against the configured bounds, then each instance with the
 * gateway's view of its health.
 *
 * @param service           the service
 * @param desired           the desired count in effect
 * @param min               {@code instances.min}
 * @param max               {@code instances.max}
 * @param inService         instances in service
 * @param warming           instances warming up
 * @param starting          instances starting
 * @param draining          instances draining
 * @param restarts          instances replaced after failing, since the fleet started
 * @param crashLoop         the crash loop in words, or null when the last start went well
 * @param replacementPaused why the fleet replaces no unhealthy instance now, or null when it does
 * @param instances         every live instance, oldest first, then the last few ended ones
 * @param size              the size new instances launch with, as {@code horizon.yaml} writes it ({@code cpu 500m,
 *                          memory 512Mi}); {@code cpu unlimited, memory unlimited} without {@code resources}
 * @param limits            how the sizes are enforced ({@code cgroup v1 (cpu, cpuacct, memory)}), or {@code limits
 *                          not enforced: } and why
 * @param replacing         the rolling replacement under way for a resize, or null when none
 */
public record ManagedInstances(String service, int desired, int min, int max, int inService, int warming, int starting,
                               int draining, int restarts, @Nullable String crashLoop,
                               @Nullable String replacementPaused, List<Instance> instances, Resources size,
                               String limits, @Nullable String replacing) {

    /** Copies the list. */
    public ManagedInstances {
        instances = List.copyOf(instances);
    }

    /**
     * One instance.
     *
     * @param id            the instance id ({@code shop-3})
     * @param state         its state in lower case ({@code in_service})
     * @param address       {@code host:port}, or null before it is launched
     * @param ageSeconds    whole seconds since the fleet created it
     * @param inFlight      requests in flight
     * @param cpuMillicores CPU over the last second in thousandths of a core, or null when unknown
     * @param health        the gateway's health of its endpoint, {@code -} when it is not in the pool
     * @param exit          how it ended, or null while it runs
     * @param detail        one line for people
     * @param size          its CPU and memory limits
     * @param memoryBytes   memory it uses now (working set), or null when unknown
     */
    public record Instance(String id, String state, @Nullable String address, long ageSeconds, int inFlight,
                           @Nullable Long cpuMillicores, String health, @Nullable String exit, String detail,
                           Resources size, @Nullable Long memoryBytes) {

    }
}
