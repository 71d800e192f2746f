package dev.horizon.control;

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
 */
public record ManagedInstances(String service, int desired, int min, int max, int inService, int warming, int starting,
                               int draining, int restarts, @Nullable String crashLoop,
                               @Nullable String replacementPaused, List<Instance> instances) {

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
     */
    public record Instance(String id, String state, @Nullable String address, long ageSeconds, int inFlight,
                           @Nullable Long cpuMillicores, String health, @Nullable String exit, String detail) {
    }
}
