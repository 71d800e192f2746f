package dev.horizon.gateway;

import dev.horizon.balance.HealthCheck;
import java.util.Objects;

/**
 * Active health checking of a service's endpoints: {@code health} in {@code horizon.yaml}. Every endpoint gets
 * {@code GET path} every {@code interval} (±20 % jitter); a response with a status in
 * {@code expectMin..expectMax} within {@code timeout} passes, anything else fails; {@code rise}/{@code fall} decide.
 *
 * @param path      the probe's request target, e.g. {@code /health}
 * @param check     interval, timeout, rise and fall
 * @param expectMin the lowest passing status
 * @param expectMax the highest passing status
 */
public record HealthProbe(String path, HealthCheck check, int expectMin, int expectMax) {

    /** Validates the components. */
    public HealthProbe {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(check, "check");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health.path: '" + path + "' (expected: starts with /)");
        }
        if (expectMin < 100 || expectMax > 599 || expectMin > expectMax) {
            throw new IllegalArgumentException(
                "health.expect: " + expectMin + "-" + expectMax + " (expected: a range within 100-599)");
        }
    }

    /** Whether {@code status} passes. */
    public boolean passes(int status) {
        return status >= expectMin && status <= expectMax;
    }
}
