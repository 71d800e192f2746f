package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.HealthCheck;
import dev.horizon.fleet.Probe;
import dev.horizon.gateway.HealthProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The readiness probe a managed instance gets from its service's health check. */
final class ReadinessProbeTest {

    private static final HealthCheck CHECK = new HealthCheck(Duration.ofSeconds(3), Duration.ofMillis(500), 2, 3);

    @Test
    void anHttpCheckIsProbedOverHttpAtItsTiming() {
        assertThat(ManagedServices.readiness(new HealthProbe("/ready", CHECK, 200, 299, false)))
            .isEqualTo(Probe.http("/ready", Duration.ofSeconds(3), Duration.ofMillis(500), 2, 200, 299));
    }

    @Test
    void aTcpConnectCheckOfAServiceOnlyTcpListenersUseIsProbedByConnectingNotByGet() {
        assertThat(ManagedServices.readiness(HealthProbe.tcpConnect(CHECK)))
            .isEqualTo(Probe.tcp(Duration.ofSeconds(3), Duration.ofMillis(500), 2));
    }

    @Test
    void noCheckIsATcpConnect() {
        assertThat(ManagedServices.readiness(null)).isEqualTo(Probe.tcp());
    }
}
