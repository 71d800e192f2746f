package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.fleet.FleetListener;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.gateway.Gateway;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A managed service whose provider cannot enforce sizes: {@code horizon status} says so next to the size, and a resize
 * says that the new size is recorded but not held by the kernel — never a silent no-op.
 */
class ServiceScalingTest {

    private static final String YAML = """
        gateway: { listen: 127.0.0.1:0, admin: 127.0.0.1:0 }
        routes: [ { service: work } ]
        services:
          work:
            instances:
              command: ["true"]
              max: 2
              resources: { cpu: 500m, memory: 256Mi }
        """;


    private final LoadedConfig config = ConfigLoader.parse(YAML, "horizon.yaml");
    private final Gateway gateway = Gateway.start(config.gateway());
    private final ManagedService work = Objects.requireNonNull(config.managed().get("work"));
    private final GatewayMembership membership = new GatewayMembership("work", gateway, new GatewayTopology(gateway));
    private final ServiceFleets fleet = new ServiceFleets(FleetSpec.builder("work", work.instances().command())
        .instances(0, 2).resources(work.instances().resources()).build(), new LaunchesNothing(), membership,
        FleetListener.NONE, new Revision(1, work.instances().command(), Map.of(), "2026-12-02T00:00:00Z",
            RevisionBoot.FROM_CONFIGURATION));
    private final Rollouts rollouts = new Rollouts(new RolloutContext("work", work.deploy(), fleet,
        new GatewayTopology(gateway), gateway.services(), line -> { }), new RevisionStore(Path.of("target"), "work"),
        Clock.systemUTC(), List.of(), null);
    private final ServiceScaling scaling = new ServiceScaling(work, fleet, membership, null, rollouts, null);

    @AfterEach
    void stop() {
        scaling.close();
        gateway.shutdown(Duration.ZERO);
    }

    @Test
    void statusShowsTheSizeAndThatItsLimitsAreNotEnforced() {
        assertThat(scaling.instancesTable()).contains("  size cpu 500m, memory 256Mi; limits not enforced: ");
        assertThat(scaling.instances().limits()).startsWith("limits not enforced: ");
        assertThat(scaling.instances().size()).isEqualTo(work.instances().resources());
    }

    @Test
    void aResizeIsRecordedAndSaysTheKernelDoesNotHoldIt() {
        String report = scaling.resize(Cpu.millicores(1000), null, null);
        assertThat(report).startsWith("work: cpu 500m -> 1000m").endsWith("; the size is recorded, the kernel does "
            + "not hold the instances to it)").containsOnlyOnce("limits not enforced");
        assertThat(fleet.size().cpu()).isEqualTo(Cpu.millicores(1000));
        assertThat(fleet.size().memory()).isEqualTo(Memory.mebibytes(256));
    }

    @Test
    void aResizeOfAnInstanceThatDoesNotRunIsRefused() {
        assertThatThrownBy(() -> scaling.resize(Cpu.millicores(1000), null, "work-9"))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("no running instance work-9 in service work");
    }
}
