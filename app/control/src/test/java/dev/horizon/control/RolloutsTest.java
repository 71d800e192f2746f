package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.deploy.Strategy;
import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetListener;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.RevisionSplit;
import dev.horizon.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a rollout splits the service's desired count across its revisions' fleets and sets the gateway's split, on a
 * provider that launches nothing (no instance ever takes requests, so a canary stays before its first step).
 */
class RolloutsTest {

    private static final String YAML = """
        gateway: { listen: 127.0.0.1:0, admin: 127.0.0.1:0 }
        routes: [ { service: work } ]
        services:
          work:
            instances: { command: ["true"], min: 2, max: 6 }
            deploy: { strategy: canary }
        """;

    @TempDir
    Path dir;

    private final LoadedConfig config = ConfigLoader.parse(YAML, "horizon.yaml");
    private final Gateway gateway = Gateway.start(config.gateway());
    private final ManagedService work = Objects.requireNonNull(config.managed().get("work"));
    private final GatewayTopology topology = new GatewayTopology(gateway);
    private final ServiceFleets fleets = new ServiceFleets(FleetSpec.builder("work", List.of("true")).instances(2, 6)
        .build(), new LaunchesNothing(), new GatewayMembership("work", gateway, topology), FleetListener.NONE,
        new Revision(1, List.of("true"), Map.of(), "t", RevisionBoot.FROM_CONFIGURATION));
    private @Nullable Rollouts rollouts;

    private Rollouts rollouts() {
        Rollouts r = new Rollouts(new RolloutContext("work", work.deploy(), fleets, topology, gateway.services(),
            line -> { }), new RevisionStore(dir, "work"), Clock.systemUTC(), List.of(new Revision(1, List.of("true"),
                Map.of(), "t", RevisionBoot.FROM_CONFIGURATION)), null);
        rollouts = r;
        return r;
    }

    @AfterEach
    void stop() {
        if (rollouts != null) {
            rollouts.close();
        }
        fleets.close();
        gateway.shutdown(Duration.ZERO);
    }

    private @Nullable RevisionSplit split() {
        return Objects.requireNonNull(gateway.config().services().get("work")).split();
    }

    private int desired(int revision) {
        Fleet f = fleets.fleet(revision);
        return f == null ? -1 : f.desired();
    }

    @Test
    void aCanaryGetsOneInstanceAndTheStableRevisionKeepsTheDesiredCountUntilAnAbortDrainsIt() throws Exception {
        Rollouts r = rollouts();
        assertThat(r.deploy(null, Map.of("V", "2"), null, "horizon deploy --env V=2"))
            .isEqualTo("work: deploying r2 with strategy canary; follow it with horizon rollout status work");
        assertThat(split()).isEqualTo(new RevisionSplit("r1", "r2", 0, "X-Canary", "canary", "SHOP_SESSION"));
        assertThat(desired(2)).isEqualTo(1);
        assertThat(desired(1)).isEqualTo(2);

        fleets.setDesired(5);
        assertThat(desired(1)).as("stable at weight 0 holds all 5").isEqualTo(5);
        assertThat(desired(2)).isEqualTo(1);
        assertThat(fleets.status().desired()).isEqualTo(5);
        assertThatThrownBy(() -> r.deploy(null, Map.of("V", "3"), null, "x")).isInstanceOf(
            IllegalStateException.class).hasMessage("work: the canary rollout of r2 is progressing; promote, abort or "
                + "wait for it first (horizon rollout status work)");
        assertThatThrownBy(() -> fleets.resize(dev.horizon.sizing.Resources.UNLIMITED, null))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("a rollout is under way");

        assertThat(r.abort()).isEqualTo("work: rollout of r2 aborted; every request goes to r1");
        assertThat(fleets.fleet(2)).isNull();
        assertThat(desired(1)).isEqualTo(5);
        Eventually.await("the split removed once r2 has stopped", () -> split() == null);
        assertThat(Objects.requireNonNull(r.status()).phase()).isEqualTo("aborted");

        assertThat(r.deploy(null, Map.of("V", "2"), null, "again")).as("a retry of the aborted revision")
            .startsWith("work: deploying r2 ");
        assertThat(r.revisions()).extracting(Revision::number).containsExactly(1, 2);
    }

    @Test
    void blueGreenRunsTheFullCountOfEachAndNothingDeploysTwice() throws Exception {
        Rollouts r = rollouts();
        assertThatThrownBy(() -> r.deploy(null, Map.of(), null, "x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("work: r1 runs that already; name a different --command or --env to deploy");
        fleets.setDesired(3);
        r.deploy(List.of("false"), Map.of(), Strategy.BLUE_GREEN, "horizon deploy --command false");
        assertThat(desired(2)).isEqualTo(3);
        assertThat(desired(1)).isEqualTo(3);
        assertThat(Objects.requireNonNull(split()).canaryBasisPoints()).isZero();
        fleets.setDesired(4);
        assertThat(desired(2)).isEqualTo(4);
        assertThat(desired(1)).isEqualTo(4);
        assertThatThrownBy(() -> r.promote(false)).isInstanceOf(IllegalStateException.class)
            .hasMessage("work: 0 of 4 instances of r2 take requests; promote when all do");
        assertThat(r.undo()).isEqualTo("work: rollout of r2 rolled back; r2 drains");
        assertThat(Objects.requireNonNull(r.status()).phase()).isEqualTo("rolled-back");
        assertThat(desired(1)).isEqualTo(4);
    }
}
