package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Provider} is asked to start: one instance of a service.
 *
 * @param service    the service's name
 * @param instanceId the new instance's id, unique within the service for the life of the process
 * @param command    the program and its arguments, {@code ${PORT}}, {@code ${INSTANCE_ID}} and {@code ${SERVICE}} not
 *                   yet substituted
 * @param env        extra environment variables, not yet substituted
 * @param resources  the instance's size: the CPU and memory limits the provider enforces from its start
 */
public record LaunchRequest(String service, String instanceId, List<String> command, Map<String, String> env,
                            Resources resources) {

    /** Validates and copies. */
    public LaunchRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instanceId, "instanceId");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(resources, "resources");
    }

    /** A request without limits ({@link Resources#UNLIMITED}). */
    public LaunchRequest(String service, String instanceId, List<String> command, Map<String, String> env) {
        this(service, instanceId, command, env, Resources.UNLIMITED);
    }
}
