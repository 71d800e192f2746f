package dev.horizon.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service whose instances Horizon runs itself: its {@code instances} block (and, with autoscaling, its
 * {@code autoscale} block).
 *
 * @param service   the service's name
 * @param instances how its instances are run
 * @param autoscale its autoscaling, or null when only {@code horizon scale} changes its count
 */
public record ManagedService(String service, InstancesConfig instances, @Nullable AutoscaleConfig autoscale) {

    /** Validates the components. */
    public ManagedService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instances, "instances");
    }
}
