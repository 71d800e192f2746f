package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static dev.horizon.fleet.InstanceState.DRAINING;
import static dev.horizon.fleet.InstanceState.FAILED;
import static dev.horizon.fleet.InstanceState.IN_SERVICE;
import static dev.horizon.fleet.InstanceState.PENDING;
import static dev.horizon.fleet.FleetRig.awaitState;
import static dev.horizon.fleet.FleetRig.instance;
import static dev.horizon.fleet.FleetRig.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances the load balancer finds unhealthy, replaced by the fleet after the grace: one at a time within
 * {@code max-unhealthy-replacements}, and not at all while every instance fails health the same way.
 */
class FleetHealthReplacementTest {

    private final FleetRig rig;

    FleetHealthReplacementTest(@TempDir Path dir) {
        this.rig = new FleetRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void replacesAnInstanceThatStaysUnhealthyLongerThanTheGrace() {
        Fleet fleet = rig.startOnManualClock(spec(Children.service()).unhealthyGrace(Duration.ofSeconds(10)).build());
        rig.awaitJoined(fleet, "shop-1");

        rig.pool.setHealthy("shop-1", false);
        fleet.reconcileNow();
        rig.clock.advance(Duration.ofSeconds(10).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").state()).isEqualTo(IN_SERVICE);

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", FAILED);

        assertThat(rig.pool.events()).endsWith("drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-1").detail())
            .isEqualTo("unhealthy for 10s; killed by SIGTERM (exit code 143)");
        CrashLoop crashLoop = fleet.status().crashLoop();
        assertThat(crashLoop).isNotNull();
        assertThat(crashLoop.lastFailure()).isEqualTo("shop-1 unhealthy for 10s");
        assertThat(instance(fleet, "shop-2").state()).isEqualTo(PENDING);
        assertThat(instance(fleet, "shop-2").detail()).isEqualTo("restarting in 100ms");
    }

    @Test
    void replacesNoMoreThanMaxUnhealthyReplacementsAtOnce() {
        Fleet fleet = rig.startOnManualClock(spec(Children.service()).instances(4, 8)
            .unhealthyGrace(Duration.ofSeconds(10)).build());
        rig.awaitAllJoined(fleet, 4);

        rig.pool.setHealthy("shop-1", false);
        rig.pool.setHealthy("shop-2", false);
        fleet.reconcileNow();
        await("probes of the unhealthy instances", () -> instance(fleet, "shop-1").detail().endsWith(
            "(unhealthy in the load balancer, the probe passes)") && instance(fleet, "shop-2").detail().endsWith(
            "(unhealthy in the load balancer, the probe passes)"));
        rig.clock.advance(Duration.ofSeconds(10));
        fleet.reconcileNow();

        assertThat(instance(fleet, "shop-1").state()).isEqualTo(DRAINING);
        assertThat(instance(fleet, "shop-2").state()).isEqualTo(IN_SERVICE);
        assertThat(instance(fleet, "shop-2").detail()).isEqualTo("unhealthy for 10s (unhealthy in the load balancer, "
            + "the probe passes); waiting: 1 replacement under way (max-unhealthy-replacements 25% = 1)");
        assertThat(fleet.status().replacementPaused()).isNull();
        assertThat(rig.pool.events()).filteredOn(e -> e.startsWith("drain")).containsExactly("drain shop-1");

        rig.clock.advance(Duration.ofMinutes(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-2").state()).as("held while shop-5 is not in the pool").isEqualTo(IN_SERVICE);

        rig.awaitJoined(fleet, "shop-5");
        fleet.reconcileNow();

        assertThat(instance(fleet, "shop-2").state()).isEqualTo(DRAINING);
        assertThat(rig.pool.events()).filteredOn(e -> e.startsWith("drain") || e.startsWith("join shop-5"))
            .map(e -> e.replaceAll(" 127.0.0.1:\\d+", ""))
            .containsExactly("drain shop-1", "join shop-5", "drain shop-2");
        assertThat(rig.notices).isEmpty();
    }

    @Test
    void pausesReplacementWhileEveryInstanceFailsHealthTheSameWayAndResumesWhenOneRecovers() {
        Fleet fleet = rig.startOnManualClock(spec(Children.service("--health=PF")).instances(2, 4)
            .unhealthyGrace(Duration.ofSeconds(10))
            .readiness(Probe.http("/health", FleetRig.PROBE_INTERVAL, Duration.ofSeconds(5), 1, 200, 399)).build());
        rig.awaitAllJoined(fleet, 2);

        rig.pool.setHealthy("shop-1", false);
        rig.pool.setHealthy("shop-2", false);
        fleet.reconcileNow();
        await("probes of the unhealthy instances", () -> instance(fleet, "shop-1").detail().endsWith("(status 503)")
            && instance(fleet, "shop-2").detail().endsWith("(status 503)"));
        rig.clock.advance(Duration.ofSeconds(10).minusNanos(1));
        fleet.reconcileNow();
        assertThat(fleet.status().replacementPaused()).as("not before a replacement is due").isNull();
        assertThat(rig.notices).isEmpty();

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        rig.clock.advance(Duration.ofMinutes(5));
        fleet.reconcileNow();

        String paused = "replacement paused: all 2 instances fail health the same way (status 503)";
        assertThat(fleet.status().replacementPaused()).isEqualTo(paused);
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("unhealthy for 5m10s (status 503); " + paused);
        assertThat(fleet.instances()).map(InstanceStatus::state).containsExactly(IN_SERVICE, IN_SERVICE);
        assertThat(rig.pool.events()).noneMatch(e -> e.startsWith("drain"));
        assertThat(rig.notices).containsExactly("shop: " + paused
            + "; a shared dependency is the likely cause, so none is replaced until one recovers");

        rig.pool.setHealthy("shop-1", true);
        fleet.reconcileNow();

        assertThat(fleet.status().replacementPaused()).isNull();
        assertThat(rig.notices).last().isEqualTo("shop: replacement resumed: shop-1 passes health again");
        assertThat(instance(fleet, "shop-2").state()).as("an instance failing alone is replaced").isEqualTo(DRAINING);
        assertThat(instance(fleet, "shop-1").state()).isEqualTo(IN_SERVICE);
    }

    @Test
    void aSingleUnhealthyInstanceIsReplacedEvenWhenItIsTheOnlyOne() {
        Fleet fleet = rig.startOnManualClock(spec(Children.service()).unhealthyGrace(Duration.ofSeconds(10)).build());
        rig.awaitJoined(fleet, "shop-1");

        rig.pool.setHealthy("shop-1", false);
        fleet.reconcileNow();
        rig.clock.advance(Duration.ofSeconds(10));
        fleet.reconcileNow();

        assertThat(instance(fleet, "shop-1").state()).isEqualTo(DRAINING);
        assertThat(fleet.status().replacementPaused()).isNull();
    }
}
