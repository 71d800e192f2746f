package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One instance as {@link Fleet#instances()} saw it: an immutable snapshot.
 *
 * @param id            the instance id, e.g. {@code shop-3}
 * @param state         its state
 * @param address       {@code host:port} once launched; {@code null} while {@link InstanceState#PENDING}
 * @param age           time since the fleet created it
 * @param timeInState   time since it entered {@code state}
 * @param exit          how it ended; {@code null} until then
 * @param inFlight      requests in flight from {@link Membership#inFlight} while it is in the pool, else 0
 * @param cpuMillicores CPU used over the last second in thousandths of a core (1000 = one core busy); empty before
 *                      the second sample or when the provider cannot tell
 * @param detail        one line for people: why it is in this state and what it waits for, e.g.
 *                      {@code crash loop: next start in 8s}, {@code readiness 1/2: status 503},
 *                      {@code scale-in: 3 in flight}
 * @param size          its size: the CPU and memory limits it runs with (or will launch with)
 * @param memoryBytes   memory it uses now, in bytes (working set); empty when the provider cannot tell or it does not
 *                      run
 * @param revision      the revision of the service it runs ({@link FleetSpec#revision}), {@code >= 1}
 */
public record InstanceStatus(String id, InstanceState state, @Nullable String address, Duration age,
                             Duration timeInState, @Nullable Exit exit, int inFlight, OptionalLong cpuMillicores,
                             String detail, Resources size, OptionalLong memoryBytes, int revision) {

    /** Validates the non-null fields. */
    public InstanceStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(timeInState, "timeInState");
        Objects.requireNonNull(cpuMillicores, "cpuMillicores");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        if (revision < 1) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 1)");
        }
    }

    /** An instance of revision 1. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the record's own components but one, for existing callers
    public InstanceStatus(String id, InstanceState state, @Nullable String address, Duration age, Duration timeInState,
                          @Nullable Exit exit, int inFlight, OptionalLong cpuMillicores, String detail, Resources size,
                          OptionalLong memoryBytes) {
        this(id, state, address, age, timeInState, exit, inFlight, cpuMillicores, detail, size, memoryBytes, 1);
    }
}
