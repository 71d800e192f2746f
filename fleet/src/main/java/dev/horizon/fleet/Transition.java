package dev.horizon.fleet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of an instance's state, for {@link FleetListener}s.
 *
 * @param service  the service
 * @param instance the instance id
 * @param from     the state before; {@code null} when the instance was just created
 * @param to       the state after
 * @param reason   why, e.g. {@code ready after 2 probes}, {@code scale-in}, {@code exited with code 3; crash loop:
 *                 next start in 4s}
 * @param atNanos  when, on the fleet's nanosecond clock
 */
public record Transition(String service, String instance, @Nullable InstanceState from, InstanceState to,
                         String reason, long atNanos) {

    /** Validates the non-null fields. */
    public Transition {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }

    /** One log line, e.g. {@code shop-2 STARTING -> WARMING: ready after 2 probes}. */
    @Override
    public String toString() {
        return instance + " " + (from == null ? "new" : from) + " -> " + to + (reason.isEmpty() ? "" : ": " + reason);
    }
}
