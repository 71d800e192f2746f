package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's settings refuse what cannot run, saying the value as it was given. */
class DemoSettingsTest {

    private static DemoSettings settings(Duration duration, int users, int port, int adminPort) {
        return new DemoSettings(duration, users, true, null, null, port, adminPort, Path.of("demo.jar"),
            Path.of(".horizon/demo"), 1, dev.horizon.autoscale.Strategy.VERTICAL_FIRST,
            dev.horizon.sizing.ResizePolicy.IN_PLACE, null);
    }

    @Test
    void refusesARunShorterThanTenSecondsInTheUnitItWasGiven() {
        assertThatThrownBy(() -> settings(Duration.ofMillis(500), 48, 8080, 9090))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("--duration: 500ms (expected: at least 10s)");
        assertThatThrownBy(() -> settings(Duration.ofMillis(9500), 48, 8080, 9090))
            .hasMessage("--duration: 9500ms (expected: at least 10s)");
    }

    @Test
    void refusesUsersAndPortsOutsideTheirRanges() {
        assertThatThrownBy(() -> settings(Duration.ofMinutes(2), 0, 8080, 9090))
            .hasMessage("--users: 0 (expected: 1..5000)");
        assertThatThrownBy(() -> settings(Duration.ofMinutes(2), 48, 8080, 8080))
            .hasMessage("--port 8080 / --admin-port 8080 (expected: two different ports 1..65535)");
    }

    @Test
    void refusesADeployWithoutTrafficToShipItInto() {
        assertThatThrownBy(() -> new DemoSettings(Duration.ofMinutes(2), 48, false, null, null, 8080, 9090,
            Path.of("demo.jar"), Path.of(".horizon/demo"), 1, dev.horizon.autoscale.Strategy.VERTICAL_FIRST,
            dev.horizon.sizing.ResizePolicy.IN_PLACE, "canary"))
            .hasMessage("--deploy canary ships version 2 halfway through the shoppers' traffic; --no-traffic has none "
                + "(deploy by hand with horizon deploy shop --env SHOP_VERSION=2)");
    }
}
