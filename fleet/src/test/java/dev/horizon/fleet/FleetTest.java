package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static dev.horizon.fleet.InstanceState.DRAINING;
import static dev.horizon.fleet.InstanceState.FAILED;
import static dev.horizon.fleet.InstanceState.IN_SERVICE;
import static dev.horizon.fleet.InstanceState.PENDING;
import static dev.horizon.fleet.InstanceState.STARTING;
import static dev.horizon.fleet.InstanceState.STOPPED;
import static dev.horizon.fleet.InstanceState.WARMING;
import static dev.horizon.fleet.FleetRig.address;
import static dev.horizon.fleet.FleetRig.awaitState;
import static dev.horizon.fleet.FleetRig.get;
import static dev.horizon.fleet.FleetRig.instance;
import static dev.horizon.fleet.FleetRig.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet driving real processes through the local provider, against an in-memory pool. Tests that assert on time
 * run the fleet on a {@link ManualClock}, so timeouts, warm-up and backoff are exact to the nanosecond; the rest run
 * on the system clock with short durations.
 */
class FleetTest {

    private final FleetRig rig;

    FleetTest(@TempDir Path dir) {
        this.rig = new FleetRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void joinsThePoolOnlyAfterRiseProbesPassInARow() {
        Fleet fleet = rig.startOnSystemClock(spec(Children.service("--health=FPFPP"))
            .readiness(Probe.http("/health", FleetRig.PROBE_INTERVAL, Duration.ofSeconds(5), 2, 200, 399)).build());

        awaitState(fleet, "shop-1", IN_SERVICE);

        String address = address(fleet, "shop-1");
        assertThat(rig.pool.events()).containsExactly("join shop-1 " + address);
        assertThat(rig.lines("shop-1")).filteredOn(line -> line.startsWith("health"))
            .containsExactly("health 1 503", "health 2 200", "health 3 503", "health 4 200", "health 5 200");
        assertThat(rig.lines("shop-1")).first()
            .isEqualTo("listening on " + address.substring("127.0.0.1:".length()) + " as shop-1 of shop");
        assertThat(rig.transitions).map(Transition::toString).containsExactly(
            "shop-1 new -> PENDING: desired 1, active 0",
            "shop-1 PENDING -> STARTING: launched at " + address,
            "shop-1 STARTING -> WARMING: ready after 2 probes",
            "shop-1 WARMING -> IN_SERVICE: warmed up for 0s");
    }

    @Test
    void warmsUpForWarmupBeforeItCountsAsReady() {
        Fleet fleet = rig.startOnManualClock(spec(Children.service()).warmup(Duration.ofSeconds(10)).build());
        rig.awaitJoined(fleet, "shop-1");
        long joinedAt = rig.transition("shop-1", WARMING).atNanos();

        rig.clock.set(joinedAt + Duration.ofSeconds(10).toNanos() - 1);
        fleet.reconcileNow();
        FleetStatus warming = fleet.status();

        assertThat(List.of(warming.ready(), warming.warming(), warming.starting())).containsExactly(0, 1, 0);
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("warming up: 1ms left");

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        FleetStatus ready = fleet.status();

        assertThat(List.of(ready.ready(), ready.warming(), ready.starting())).containsExactly(1, 0, 0);
        assertThat(rig.transition("shop-1", IN_SERVICE).atNanos())
            .isEqualTo(joinedAt + Duration.ofSeconds(10).toNanos());
    }

    @Test
    void scalesOutAndInDrainingTheIdlestNewestInstancesThenClosesTheRest() throws Exception {
        Fleet fleet = rig.startOnSystemClock(spec(Children.service()).build());

        assertThat(fleet.setDesired(3)).isEqualTo(3);
        await("three in service", () -> fleet.status().ready() == 3);
        rig.pool.setInFlight("shop-2", 4);
        assertThat(fleet.setDesired(1)).isEqualTo(1);
        awaitState(fleet, "shop-1", STOPPED);
        awaitState(fleet, "shop-3", STOPPED);

        assertThat(rig.pool.events()).filteredOn(e -> !e.startsWith("join"))
            .containsExactly("drain shop-3", "leave shop-3", "drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-3").exit()).isEqualTo(Exit.ofStatus(143));
        assertThat(instance(fleet, "shop-3").detail()).isEqualTo("scale-in to 1; killed by SIGTERM (exit code 143)");
        assertThat(rig.lines("shop-3")).last().isEqualTo("TERM received");
        assertThat(fleet.status().ready()).isEqualTo(1);
        assertThat(rig.pool.members()).containsOnlyKeys("shop-2");

        rig.pool.setInFlight("shop-2", 0);
        fleet.close();

        assertThat(rig.pool.events()).endsWith("drain shop-2", "leave shop-2");
        assertThat(fleet.status().instances()).map(InstanceStatus::id, InstanceStatus::state).first()
            .isEqualTo(tuple("shop-2", STOPPED));
        try (Stream<Path> files = Files.list(rig.dir.resolve("shop"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("shop-1.log", "shop-2.log", "shop-3.log");
        }
        assertThatThrownBy(() -> fleet.setDesired(2)).hasMessage("fleet shop is closed");
    }

    @Test
    void operatorDrainWaitsForRequestsInFlightThenTerminatesAndReplaces() {
        Fleet fleet = rig.startOnManualClock(spec(Children.service()).drainTimeout(Duration.ofSeconds(30)).build());
        rig.awaitJoined(fleet, "shop-1");
        String address = address(fleet, "shop-1");
        rig.pool.setInFlight("shop-1", 2);

        fleet.drain("shop-1");
        fleet.reconcileNow();

        InstanceStatus draining = instance(fleet, "shop-1");
        assertThat(draining.state()).isEqualTo(DRAINING);
        assertThat(draining.detail()).isEqualTo("drained by operator: 2 in flight, drain timeout in 30s");
        assertThat(draining.exit()).isNull();
        assertThat(rig.pool.events()).containsExactly("join shop-1 " + address, "drain shop-1");
        assertThat(instance(fleet, "shop-2").state()).isIn(STARTING, WARMING, IN_SERVICE);

        rig.pool.setInFlight("shop-1", 0);
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", STOPPED);

        assertThat(rig.pool.events()).startsWith("join shop-1 " + address, "drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-1").exit()).isEqualTo(Exit.ofStatus(143));
        assertThat(rig.lines("shop-1")).last().isEqualTo("TERM received");
    }

    @Test
    void killsAnInstanceThatIgnoresTermOnceTheKillGraceHasPassed() throws Exception {
        Fleet fleet = rig.startOnManualClock(spec(Children.serviceIgnoringTerm()).instances(0, 1)
            .drainTimeout(Duration.ofSeconds(30)).killGrace(Duration.ofSeconds(5)).build());
        fleet.setDesired(1);
        rig.awaitJoined(fleet, "shop-1");
        rig.pool.setInFlight("shop-1", 1);

        fleet.setDesired(0);
        rig.clock.advance(Duration.ofSeconds(30).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("scale-in to 0: 1 in flight, drain timeout in 1ms");

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        assertThat(rig.pool.events()).endsWith("drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("scale-in to 0: terminated, kill in 5s");
        Thread.sleep(500);
        rig.clock.advance(Duration.ofSeconds(5).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").state()).isEqualTo(DRAINING);
        assertThat(instance(fleet, "shop-1").exit()).isNull();

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", STOPPED);

        assertThat(instance(fleet, "shop-1").exit()).isEqualTo(Exit.ofStatus(137));
        assertThat(rig.lines("shop-1")).doesNotContain("TERM received");
    }

    @Test
    void replacesAnInstanceThatExitsByItself() {
        Fleet fleet = rig.startOnSystemClock(spec(Children.service()).build());
        awaitState(fleet, "shop-1", IN_SERVICE);
        String first = address(fleet, "shop-1");

        get(first, "/exit?code=7");
        awaitState(fleet, "shop-2", IN_SERVICE);

        InstanceStatus failed = instance(fleet, "shop-1");
        assertThat(failed.state()).isEqualTo(FAILED);
        assertThat(failed.exit()).isEqualTo(new Exit(7, "exited with code 7"));
        assertThat(failed.detail()).isEqualTo("exited with code 7; restarting in 100ms");
        assertThat(rig.pool.events()).containsExactly(
            "join shop-1 " + first, "leave shop-1", "join shop-2 " + address(fleet, "shop-2"));
        FleetStatus status = fleet.status();
        assertThat(status.restarts()).isEqualTo(1);
        assertThat(status.crashLoop()).isNotNull();
        assertThat(status.crashLoop().failures()).isEqualTo(1);
        assertThat(status.crashLoop().lastFailure()).isEqualTo("shop-1 exited with code 7");
        assertThat(status.crashLoop().lastExit()).isEqualTo(new Exit(7, "exited with code 7"));
    }

    @Test
    void failsAnInstanceNotReadyWithinTheStartTimeout() {
        Fleet fleet = rig.startOnManualClock(spec(List.of("sleep", "600")).startTimeout(Duration.ofSeconds(60))
            .build());
        awaitState(fleet, "shop-1", STARTING);
        await("a failed probe",
            () -> instance(fleet, "shop-1").detail().startsWith("readiness 0/1: Connection refused"));

        rig.clock.advance(Duration.ofSeconds(60).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").detail())
            .isEqualTo("readiness 0/1: Connection refused; start timeout in 1ms");

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", FAILED);

        assertThat(instance(fleet, "shop-1").detail()).isEqualTo(
            "not ready within 1m (last probe: Connection refused); killed by SIGTERM (exit code 143)");
        assertThat(rig.pool.events()).isEmpty();
        assertThat(fleet.status().crashLoop()).isNotNull();
    }

    @Test
    void backsOffExponentiallyInACrashLoopAndNeverRetriesInATightLoop() throws Exception {
        Fleet fleet = rig.startOnManualClock(spec(List.of("sh", "-c", "exit 3"))
            .backoff(new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(2))).build());
        List<Duration> delays = new ArrayList<>();

        for (int n = 1; n <= 4; n++) {
            String failed = "shop-" + n;
            String next = "shop-" + (n + 1);
            awaitState(fleet, failed, FAILED);
            CrashLoop crashLoop = fleet.status().crashLoop();
            assertThat(crashLoop).isNotNull();
            assertThat(crashLoop.failures()).isEqualTo(n);
            assertThat(crashLoop.lastFailure()).isEqualTo(failed + " exited with code 3");
            assertThat(crashLoop.lastExit()).isEqualTo(new Exit(3, "exited with code 3"));
            assertThat(crashLoop.nextStartIn()).isEqualTo(crashLoop.delay());
            delays.add(crashLoop.delay());

            rig.clock.advance(crashLoop.delay().minusNanos(1));
            fleet.reconcileNow();
            assertThat(instance(fleet, next).state()).isEqualTo(PENDING);
            assertThat(instance(fleet, next).detail())
                .isEqualTo(n == 1 ? "restarting in 1ms" : "crash loop: next start in 1ms");

            rig.clock.advance(Duration.ofNanos(1));
            fleet.reconcileNow();
            assertThat(rig.transition(next, STARTING).atNanos() - rig.transition(failed, FAILED).atNanos())
                .isEqualTo(crashLoop.delay().toNanos());
        }
        awaitState(fleet, "shop-5", FAILED);
        Thread.sleep(300);
        fleet.reconcileNow();

        assertThat(delays).containsExactly(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(rig.transitions).filteredOn(t -> t.to() == STARTING).hasSize(5);
        assertThat(fleet.status().restarts()).isEqualTo(5);
        assertThat(String.valueOf(fleet.status().crashLoop()))
            .isEqualTo("crash loop: 5 failures in a row, last: shop-5 exited with code 3; next start in 4s");
        assertThat(instance(fleet, "shop-5").detail()).isEqualTo("exited with code 3; crash loop: next start in 4s");
    }

    @Test
    void crashLoopEndsOnceAnInstanceStartedAfterItStaysInServiceForTheResetTime() {
        Path tries = rig.dir.resolve("tries");
        String script = "n=$(cat " + tries + " 2>/dev/null || echo 0); echo $((n+1)) > " + tries
            + "; [ \"$n\" -ge 1 ] && exec " + String.join(" ", Children.service()) + "; exit 3";
        Fleet fleet = rig.startOnManualClock(spec(List.of("sh", "-c", script))
            .backoff(new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(2))).build());
        awaitState(fleet, "shop-1", FAILED);
        rig.clock.advance(Duration.ofSeconds(1));
        fleet.reconcileNow();
        rig.awaitJoined(fleet, "shop-2");
        long inService = rig.transition("shop-2", IN_SERVICE).atNanos();

        rig.clock.set(inService + Duration.ofMinutes(2).toNanos() - 1);
        fleet.reconcileNow();
        assertThat(fleet.status().crashLoop()).isNotNull();

        rig.clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        assertThat(fleet.status().crashLoop()).isNull();
        assertThat(fleet.status().restarts()).isEqualTo(1);
    }

    @Test
    void reportsALaunchThatFailsAndBacksOff() {
        Fleet fleet = rig.startOnManualClock(spec(List.of("no-such-program-7")).build());
        awaitState(fleet, "shop-1", FAILED);

        InstanceStatus failed = instance(fleet, "shop-1");
        assertThat(failed.exit()).isNotNull();
        assertThat(failed.exit().code()).isEqualTo(Exit.UNKNOWN);
        assertThat(failed.exit().cause()).startsWith("launch failed: command not found: no-such-program-7 (PATH=");
        assertThat(failed.address()).isNull();
        assertThat(instance(fleet, "shop-2").detail()).isEqualTo("restarting in 100ms");
    }

    @Test
    void clampsTheDesiredCountAndRefusesToDrainAnUnknownInstance() {
        Fleet fleet = rig.startOnSystemClock(spec(List.of("sleep", "600")).instances(1, 3).build());

        assertThat(fleet.desired()).isEqualTo(1);
        assertThat(fleet.setDesired(7)).isEqualTo(3);
        assertThatThrownBy(() -> fleet.drain("shop-9")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no instance 'shop-9' in service shop (instances: shop-1, shop-2, shop-3)");
        assertThat(fleet.setDesired(0)).isEqualTo(1);
        assertThat(fleet.desired()).isEqualTo(1);
        assertThat(fleet.status().active()).isEqualTo(1);
    }
}
