package dev.horizon.config;

import dev.horizon.deploy.DeployConfig;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service whose instances Horizon runs itself: its {@code instances} block (and, with autoscaling, its
 * {@code autoscale} block), and how a new revision of it is rolled out (its {@code deploy} block).
 *
 * @param service   the service's name
 * @param instances how its instances are run
 * @param autoscale its autoscaling, or null when only {@code horizon scale} changes its count
 * @param deploy    how its next revision is rolled out ({@link DeployConfig#DEFAULTS} without a {@code deploy} block)
 */
public record ManagedService(String service, InstancesConfig instances, @Nullable AutoscaleConfig autoscale,
                             DeployConfig deploy) {

    /** Validates the components. */
    public ManagedService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instances, "instances");
        Objects.requireNonNull(deploy, "deploy");
    }
}
