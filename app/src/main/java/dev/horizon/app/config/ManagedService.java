package dev.horizon.app.config;

import java.util.Objects;

/**
 * A service whose instances Horizon runs itself: its {@code instances} block (and, with autoscaling, its
 * {@code autoscale} block).
 *
 * @param service   the service's name
 * @param instances how its instances are run
 */
public record ManagedService(String service, InstancesConfig instances) {

    /** Validates the components. */
    public ManagedService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instances, "instances");
    }
}
