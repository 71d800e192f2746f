package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CPU utilization as the fleet derives it from {@link Handle#cpuTimeNanos()}: exact, with a provider whose instances
 * are a listening socket and a CPU counter the test sets ({@link StubProvider}; a real process's CPU time cannot be
 * dictated).
 */
class FleetCpuTest {

    private final ManualClock clock = new ManualClock();
    private final StubProvider stubs = new StubProvider(Limits.notEnforced("a stub provider"), 0);

    @AfterEach
    void closeStubs() {
        stubs.close();
    }

    private static OptionalLong cpu(Fleet fleet) {
        return fleet.instances().getFirst().cpuMillicores();
    }

    @Test
    void reportsMillicoresOverTheLastSecond() {
        FleetSpec spec = FleetSpec.builder("shop", List.of("anything")).warmup(Duration.ZERO).build();
        try (Fleet fleet = Fleet.start(spec, stubs, new InMemoryMembership(), FleetListener.NONE, clock,
            Duration.ofMillis(10))) {
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEmpty();

            stubs.cpuTime("shop-1", 0);
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEmpty();

            stubs.cpuTime("shop-1", 250_000_000L);
            clock.advance(Duration.ofSeconds(1));
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEqualTo(OptionalLong.of(250));

            stubs.cpuTime("shop-1", 1_250_000_000L);
            clock.advance(Duration.ofMillis(500));
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEqualTo(OptionalLong.of(250));

            stubs.cpuTime("shop-1", 2_750_000_000L);
            clock.advance(Duration.ofMillis(500));
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEqualTo(OptionalLong.of(2500));
        }
    }
}
