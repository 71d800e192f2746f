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
 * @param connect   whether the probe only opens a TCP connection (and closes it): passing is connecting within
 *                  {@code timeout}; {@code path} and {@code expect} are then unused. What a service used only by
 *                  {@code tcp} listeners gets when it has no {@code health} block
 */
public record HealthProbe(String path, HealthCheck check, int expectMin, int expectMax, boolean connect) {

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

    /** An HTTP probe: {@code GET path}. */
    public HealthProbe(String path, HealthCheck check, int expectMin, int expectMax) {
        this(path, check, expectMin, expectMax, false);
    }

    /** A TCP-connect probe at {@code check}'s interval and timeout (HAProxy's plain {@code check} in mode tcp). */
    public static HealthProbe tcpConnect(HealthCheck check) {
        return new HealthProbe("/", check, 200, 399, true);
    }

    /** Whether {@code status} passes. */
    public boolean passes(int status) {
        return status >= expectMin && status <= expectMax;
    }
}
