package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static dev.horizon.fleet.InstanceState.DRAINING;
import static dev.horizon.fleet.InstanceState.FAILED;
import static dev.horizon.fleet.InstanceState.IN_SERVICE;
import static dev.horizon.fleet.InstanceState.PENDING;
import static dev.horizon.fleet.InstanceState.STARTING;
import static dev.horizon.fleet.InstanceState.STOPPED;
import static dev.horizon.fleet.InstanceState.WARMING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet driving real processes through the local provider, against an in-memory pool. Tests that assert on time
 * run the fleet on a {@link ManualClock}, so timeouts, warm-up and backoff are exact to the nanosecond; the rest run
 * on the system clock with short durations.
 */
class FleetTest {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final Duration TICK = Duration.ofMillis(10);

    @TempDir
    Path dir;

    private final InMemoryMembership pool = new InMemoryMembership();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final List<Fleet> fleets = new ArrayList<>();
    private @Nullable Provider provider;

    @AfterEach
    void stop() {
        fleets.forEach(Fleet::close);
        if (provider != null) {
            provider.close();
        }
    }

    private static FleetSpec.Builder spec(List<String> command) {
        return FleetSpec.builder("shop", command).instances(1, 5).warmup(Duration.ZERO)
            .startTimeout(Duration.ofMinutes(10))
            .readiness(Probe.tcp(PROBE_INTERVAL, Duration.ofSeconds(5), 1))
            .backoff(new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(2)));
    }

    private Fleet start(FleetSpec spec, LongSupplier nanoClock) {
        if (provider == null) {
            provider = Provider.localProcesses(dir);
        }
        FleetListener listener = new FleetListener() {
            @Override
            public void onTransition(Transition transition) {
                transitions.add(transition);
            }

            @Override
            public void onNotice(String service, String notice) {
                notices.add(service + ": " + notice);
            }
        };
        Fleet fleet = Fleet.start(spec, provider, pool, listener, nanoClock, TICK);
        fleets.add(fleet);
        return fleet;
    }

    private Fleet startOnSystemClock(FleetSpec spec) {
        return start(spec, System::nanoTime);
    }

    private Fleet startOnManualClock(FleetSpec spec) {
        return start(spec, clock);
    }

    private static @Nullable InstanceStatus find(Fleet fleet, String id) {
        return fleet.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    private static InstanceStatus instance(Fleet fleet, String id) {
        InstanceStatus status = find(fleet, id);
        assertThat(status).as(id).isNotNull();
        return status;
    }

    private static String address(Fleet fleet, String id) {
        return Objects.requireNonNull(instance(fleet, id).address(), id + " has no address");
    }

    private static void awaitState(Fleet fleet, String id, InstanceState state) {
        await(id + " " + state, () -> {
            InstanceStatus status = find(fleet, id);
            return status != null && status.state() == state;
        });
    }

    /** On the manual clock: advances one probe interval at a time until the instance has joined the pool. */
    private void awaitJoined(Fleet fleet, String id) {
        await(id + " joined", () -> {
            InstanceStatus status = find(fleet, id);
            if (status != null && (status.state() == WARMING || status.state() == IN_SERVICE)) {
                return true;
            }
            clock.advance(PROBE_INTERVAL);
            fleet.reconcileNow();
            return false;
        });
    }

    private Transition transition(String id, InstanceState to) {
        return transitions.stream().filter(t -> t.instance().equals(id) && t.to() == to).findFirst().orElseThrow();
    }

    private List<String> lines(String id) {
        return Children.lines(dir.resolve("shop/" + id + ".log"));
    }

    private static void get(String address, String target) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read();
        } catch (IOException e) {
            // the service may exit before it answers
        }
    }

    @Test
    void joinsThePoolOnlyAfterRiseProbesPassInARow() {
        Fleet fleet = startOnSystemClock(spec(Children.service("--health=FPFPP"))
            .readiness(Probe.http("/health", PROBE_INTERVAL, Duration.ofSeconds(5), 2, 200, 399)).build());

        awaitState(fleet, "shop-1", IN_SERVICE);

        String address = address(fleet, "shop-1");
        assertThat(pool.events()).containsExactly("join shop-1 " + address);
        assertThat(lines("shop-1")).filteredOn(line -> line.startsWith("health"))
            .containsExactly("health 1 503", "health 2 200", "health 3 503", "health 4 200", "health 5 200");
        assertThat(lines("shop-1")).first()
            .isEqualTo("listening on " + address.substring("127.0.0.1:".length()) + " as shop-1 of shop");
        assertThat(transitions).map(Transition::toString).containsExactly(
            "shop-1 new -> PENDING: desired 1, active 0",
            "shop-1 PENDING -> STARTING: launched at " + address,
            "shop-1 STARTING -> WARMING: ready after 2 probes",
            "shop-1 WARMING -> IN_SERVICE: warmed up for 0s");
    }

    @Test
    void warmsUpForWarmupBeforeItCountsAsReady() {
        Fleet fleet = startOnManualClock(spec(Children.service()).warmup(Duration.ofSeconds(10)).build());
        awaitJoined(fleet, "shop-1");
        long joinedAt = transition("shop-1", WARMING).atNanos();

        clock.set(joinedAt + Duration.ofSeconds(10).toNanos() - 1);
        fleet.reconcileNow();
        FleetStatus warming = fleet.status();

        assertThat(List.of(warming.ready(), warming.warming(), warming.starting())).containsExactly(0, 1, 0);
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("warming up: 1ms left");

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        FleetStatus ready = fleet.status();

        assertThat(List.of(ready.ready(), ready.warming(), ready.starting())).containsExactly(1, 0, 0);
        assertThat(transition("shop-1", IN_SERVICE).atNanos()).isEqualTo(joinedAt + Duration.ofSeconds(10).toNanos());
    }

    @Test
    void scalesOutAndInDrainingTheIdlestNewestInstancesThenClosesTheRest() throws Exception {
        Fleet fleet = startOnSystemClock(spec(Children.service()).build());

        assertThat(fleet.setDesired(3)).isEqualTo(3);
        await("three in service", () -> fleet.status().ready() == 3);
        pool.setInFlight("shop-2", 4);
        assertThat(fleet.setDesired(1)).isEqualTo(1);
        awaitState(fleet, "shop-1", STOPPED);
        awaitState(fleet, "shop-3", STOPPED);

        assertThat(pool.events()).filteredOn(e -> !e.startsWith("join"))
            .containsExactly("drain shop-3", "leave shop-3", "drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-3").exit()).isEqualTo(Exit.ofStatus(143));
        assertThat(instance(fleet, "shop-3").detail()).isEqualTo("scale-in to 1; killed by SIGTERM (exit code 143)");
        assertThat(lines("shop-3")).last().isEqualTo("TERM received");
        assertThat(fleet.status().ready()).isEqualTo(1);
        assertThat(pool.members()).containsOnlyKeys("shop-2");

        pool.setInFlight("shop-2", 0);
        fleet.close();

        assertThat(pool.events()).endsWith("drain shop-2", "leave shop-2");
        assertThat(fleet.status().instances()).map(InstanceStatus::id, InstanceStatus::state).first()
            .isEqualTo(tuple("shop-2", STOPPED));
        try (Stream<Path> files = Files.list(dir.resolve("shop"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("shop-1.log", "shop-2.log", "shop-3.log");
        }
        assertThatThrownBy(() -> fleet.setDesired(2)).hasMessage("fleet shop is closed");
    }

    @Test
    void operatorDrainWaitsForRequestsInFlightThenTerminatesAndReplaces() {
        Fleet fleet = startOnManualClock(spec(Children.service()).drainTimeout(Duration.ofSeconds(30)).build());
        awaitJoined(fleet, "shop-1");
        String address = address(fleet, "shop-1");
        pool.setInFlight("shop-1", 2);

        fleet.drain("shop-1");
        fleet.reconcileNow();

        InstanceStatus draining = instance(fleet, "shop-1");
        assertThat(draining.state()).isEqualTo(DRAINING);
        assertThat(draining.detail()).isEqualTo("drained by operator: 2 in flight, drain timeout in 30s");
        assertThat(draining.exit()).isNull();
        assertThat(pool.events()).containsExactly("join shop-1 " + address, "drain shop-1");
        assertThat(instance(fleet, "shop-2").state()).isIn(STARTING, WARMING, IN_SERVICE);

        pool.setInFlight("shop-1", 0);
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", STOPPED);

        assertThat(pool.events()).startsWith("join shop-1 " + address, "drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-1").exit()).isEqualTo(Exit.ofStatus(143));
        assertThat(lines("shop-1")).last().isEqualTo("TERM received");
    }

    @Test
    void killsAnInstanceThatIgnoresTermOnceTheKillGraceHasPassed() throws Exception {
        Fleet fleet = startOnManualClock(spec(Children.serviceIgnoringTerm()).instances(0, 1)
            .drainTimeout(Duration.ofSeconds(30)).killGrace(Duration.ofSeconds(5)).build());
        fleet.setDesired(1);
        awaitJoined(fleet, "shop-1");
        pool.setInFlight("shop-1", 1);

        fleet.setDesired(0);
        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("scale-in to 0: 1 in flight, drain timeout in 1ms");

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        assertThat(pool.events()).endsWith("drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("scale-in to 0: terminated, kill in 5s");
        Thread.sleep(500);
        clock.advance(Duration.ofSeconds(5).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").state()).isEqualTo(DRAINING);
        assertThat(instance(fleet, "shop-1").exit()).isNull();

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", STOPPED);

        assertThat(instance(fleet, "shop-1").exit()).isEqualTo(Exit.ofStatus(137));
        assertThat(lines("shop-1")).doesNotContain("TERM received");
    }

    @Test
    void replacesAnInstanceThatExitsByItself() {
        Fleet fleet = startOnSystemClock(spec(Children.service()).build());
        awaitState(fleet, "shop-1", IN_SERVICE);
        String first = address(fleet, "shop-1");

        get(first, "/exit?code=7");
        awaitState(fleet, "shop-2", IN_SERVICE);

        InstanceStatus failed = instance(fleet, "shop-1");
        assertThat(failed.state()).isEqualTo(FAILED);
        assertThat(failed.exit()).isEqualTo(new Exit(7, "exited with code 7"));
        assertThat(failed.detail()).isEqualTo("exited with code 7; restarting in 100ms");
        assertThat(pool.events()).containsExactly(
            "join shop-1 " + first, "leave shop-1", "join shop-2 " + address(fleet, "shop-2"));
        FleetStatus status = fleet.status();
        assertThat(status.restarts()).isEqualTo(1);
        assertThat(status.crashLoop()).isNotNull();
        assertThat(status.crashLoop().failures()).isEqualTo(1);
        assertThat(status.crashLoop().lastFailure()).isEqualTo("shop-1 exited with code 7");
        assertThat(status.crashLoop().lastExit()).isEqualTo(new Exit(7, "exited with code 7"));
    }

    @Test
    void replacesAnInstanceThatStaysUnhealthyLongerThanTheGrace() {
        Fleet fleet = startOnManualClock(spec(Children.service()).unhealthyGrace(Duration.ofSeconds(10)).build());
        awaitJoined(fleet, "shop-1");

        pool.setHealthy("shop-1", false);
        fleet.reconcileNow();
        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").state()).isEqualTo(IN_SERVICE);

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", FAILED);

        assertThat(pool.events()).endsWith("drain shop-1", "leave shop-1");
        assertThat(instance(fleet, "shop-1").detail())
            .isEqualTo("unhealthy for 10s; killed by SIGTERM (exit code 143)");
        CrashLoop crashLoop = fleet.status().crashLoop();
        assertThat(crashLoop).isNotNull();
        assertThat(crashLoop.lastFailure()).isEqualTo("shop-1 unhealthy for 10s");
        assertThat(instance(fleet, "shop-2").state()).isEqualTo(PENDING);
        assertThat(instance(fleet, "shop-2").detail()).isEqualTo("restarting in 100ms");
    }

    @Test
    void failsAnInstanceNotReadyWithinTheStartTimeout() {
        Fleet fleet = startOnManualClock(spec(List.of("sleep", "600")).startTimeout(Duration.ofSeconds(60)).build());
        awaitState(fleet, "shop-1", STARTING);
        await("a failed probe",
            () -> instance(fleet, "shop-1").detail().startsWith("readiness 0/1: Connection refused"));

        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-1").detail())
            .isEqualTo("readiness 0/1: Connection refused; start timeout in 1ms");

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        awaitState(fleet, "shop-1", FAILED);

        assertThat(instance(fleet, "shop-1").detail()).isEqualTo(
            "not ready within 1m (last probe: Connection refused); killed by SIGTERM (exit code 143)");
        assertThat(pool.events()).isEmpty();
        assertThat(fleet.status().crashLoop()).isNotNull();
    }

    @Test
    void backsOffExponentiallyInACrashLoopAndNeverRetriesInATightLoop() throws Exception {
        Fleet fleet = startOnManualClock(spec(List.of("sh", "-c", "exit 3"))
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

            clock.advance(crashLoop.delay().minusNanos(1));
            fleet.reconcileNow();
            assertThat(instance(fleet, next).state()).isEqualTo(PENDING);
            assertThat(instance(fleet, next).detail())
                .isEqualTo(n == 1 ? "restarting in 1ms" : "crash loop: next start in 1ms");

            clock.advance(Duration.ofNanos(1));
            fleet.reconcileNow();
            assertThat(transition(next, STARTING).atNanos() - transition(failed, FAILED).atNanos())
                .isEqualTo(crashLoop.delay().toNanos());
        }
        awaitState(fleet, "shop-5", FAILED);
        Thread.sleep(300);
        fleet.reconcileNow();

        assertThat(delays).containsExactly(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(transitions).filteredOn(t -> t.to() == STARTING).hasSize(5);
        assertThat(fleet.status().restarts()).isEqualTo(5);
        assertThat(String.valueOf(fleet.status().crashLoop()))
            .isEqualTo("crash loop: 5 failures in a row, last: shop-5 exited with code 3; next start in 4s");
        assertThat(instance(fleet, "shop-5").detail()).isEqualTo("exited with code 3; crash loop: next start in 4s");
    }

    @Test
    void crashLoopEndsOnceAnInstanceStartedAfterItStaysInServiceForTheResetTime() {
        Path tries = dir.resolve("tries");
        String script = "n=$(cat " + tries + " 2>/dev/null || echo 0); echo $((n+1)) > " + tries
            + "; [ \"$n\" -ge 1 ] && exec " + String.join(" ", Children.service()) + "; exit 3";
        Fleet fleet = startOnManualClock(spec(List.of("sh", "-c", script))
            .backoff(new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(2))).build());
        awaitState(fleet, "shop-1", FAILED);
        clock.advance(Duration.ofSeconds(1));
        fleet.reconcileNow();
        awaitJoined(fleet, "shop-2");
        long inService = transition("shop-2", IN_SERVICE).atNanos();

        clock.set(inService + Duration.ofMinutes(2).toNanos() - 1);
        fleet.reconcileNow();
        assertThat(fleet.status().crashLoop()).isNotNull();

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        assertThat(fleet.status().crashLoop()).isNull();
        assertThat(fleet.status().restarts()).isEqualTo(1);
    }

    @Test
    void reportsALaunchThatFailsAndBacksOff() {
        Fleet fleet = startOnManualClock(spec(List.of("no-such-program-7")).build());
        awaitState(fleet, "shop-1", FAILED);

        InstanceStatus failed = instance(fleet, "shop-1");
        assertThat(failed.exit()).isNotNull();
        assertThat(failed.exit().code()).isEqualTo(Exit.UNKNOWN);
        assertThat(failed.exit().cause()).startsWith("launch failed: command not found: no-such-program-7 (PATH=");
        assertThat(failed.address()).isNull();
        assertThat(instance(fleet, "shop-2").detail()).isEqualTo("restarting in 100ms");
    }

    /** On the manual clock: advances one probe interval at a time until every instance has joined the pool. */
    private void awaitAllJoined(Fleet fleet, int count) {
        await(count + " in the pool", () -> {
            if (fleet.status().ready() + fleet.status().warming() == count) {
                return true;
            }
            clock.advance(PROBE_INTERVAL);
            fleet.reconcileNow();
            return false;
        });
    }

    @Test
    void replacesNoMoreThanMaxUnhealthyReplacementsAtOnce() {
        Fleet fleet = startOnManualClock(spec(Children.service()).instances(4, 8)
            .unhealthyGrace(Duration.ofSeconds(10)).build());
        awaitAllJoined(fleet, 4);

        pool.setHealthy("shop-1", false);
        pool.setHealthy("shop-2", false);
        fleet.reconcileNow();
        await("probes of the unhealthy instances", () -> instance(fleet, "shop-1").detail().endsWith(
            "(unhealthy in the load balancer, the probe passes)") && instance(fleet, "shop-2").detail().endsWith(
            "(unhealthy in the load balancer, the probe passes)"));
        clock.advance(Duration.ofSeconds(10));
        fleet.reconcileNow();

        assertThat(instance(fleet, "shop-1").state()).isEqualTo(DRAINING);
        assertThat(instance(fleet, "shop-2").state()).isEqualTo(IN_SERVICE);
        assertThat(instance(fleet, "shop-2").detail()).isEqualTo("unhealthy for 10s (unhealthy in the load balancer, "
            + "the probe passes); waiting: 1 replacement under way (max-unhealthy-replacements 25% = 1)");
        assertThat(fleet.status().replacementPaused()).isNull();
        assertThat(pool.events()).filteredOn(e -> e.startsWith("drain")).containsExactly("drain shop-1");

        clock.advance(Duration.ofMinutes(1));
        fleet.reconcileNow();
        assertThat(instance(fleet, "shop-2").state()).as("held while shop-5 is not in the pool").isEqualTo(IN_SERVICE);

        awaitJoined(fleet, "shop-5");
        fleet.reconcileNow();

        assertThat(instance(fleet, "shop-2").state()).isEqualTo(DRAINING);
        assertThat(pool.events()).filteredOn(e -> e.startsWith("drain") || e.startsWith("join shop-5"))
            .map(e -> e.replaceAll(" 127.0.0.1:\\d+", ""))
            .containsExactly("drain shop-1", "join shop-5", "drain shop-2");
        assertThat(notices).isEmpty();
    }

    @Test
    void pausesReplacementWhileEveryInstanceFailsHealthTheSameWayAndResumesWhenOneRecovers() {
        Fleet fleet = startOnManualClock(spec(Children.service("--health=PF")).instances(2, 4)
            .unhealthyGrace(Duration.ofSeconds(10))
            .readiness(Probe.http("/health", PROBE_INTERVAL, Duration.ofSeconds(5), 1, 200, 399)).build());
        awaitAllJoined(fleet, 2);

        pool.setHealthy("shop-1", false);
        pool.setHealthy("shop-2", false);
        fleet.reconcileNow();
        await("probes of the unhealthy instances", () -> instance(fleet, "shop-1").detail().endsWith("(status 503)")
            && instance(fleet, "shop-2").detail().endsWith("(status 503)"));
        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        fleet.reconcileNow();
        assertThat(fleet.status().replacementPaused()).as("not before a replacement is due").isNull();
        assertThat(notices).isEmpty();

        clock.advance(Duration.ofNanos(1));
        fleet.reconcileNow();
        clock.advance(Duration.ofMinutes(5));
        fleet.reconcileNow();

        String paused = "replacement paused: all 2 instances fail health the same way (status 503)";
        assertThat(fleet.status().replacementPaused()).isEqualTo(paused);
        assertThat(instance(fleet, "shop-1").detail()).isEqualTo("unhealthy for 5m10s (status 503); " + paused);
        assertThat(fleet.instances()).map(InstanceStatus::state).containsExactly(IN_SERVICE, IN_SERVICE);
        assertThat(pool.events()).noneMatch(e -> e.startsWith("drain"));
        assertThat(notices).containsExactly("shop: " + paused
            + "; a shared dependency is the likely cause, so none is replaced until one recovers");

        pool.setHealthy("shop-1", true);
        fleet.reconcileNow();

        assertThat(fleet.status().replacementPaused()).isNull();
        assertThat(notices).last().isEqualTo("shop: replacement resumed: shop-1 passes health again");
        assertThat(instance(fleet, "shop-2").state()).as("an instance failing alone is replaced").isEqualTo(DRAINING);
        assertThat(instance(fleet, "shop-1").state()).isEqualTo(IN_SERVICE);
    }

    @Test
    void aSingleUnhealthyInstanceIsReplacedEvenWhenItIsTheOnlyOne() {
        Fleet fleet = startOnManualClock(spec(Children.service()).unhealthyGrace(Duration.ofSeconds(10)).build());
        awaitJoined(fleet, "shop-1");

        pool.setHealthy("shop-1", false);
        fleet.reconcileNow();
        clock.advance(Duration.ofSeconds(10));
        fleet.reconcileNow();

        assertThat(instance(fleet, "shop-1").state()).isEqualTo(DRAINING);
        assertThat(fleet.status().replacementPaused()).isNull();
    }

    @Test
    void clampsTheDesiredCountAndRefusesToDrainAnUnknownInstance() {
        Fleet fleet = startOnSystemClock(spec(List.of("sleep", "600")).instances(1, 3).build());

        assertThat(fleet.desired()).isEqualTo(1);
        assertThat(fleet.setDesired(7)).isEqualTo(3);
        assertThatThrownBy(() -> fleet.drain("shop-9")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no instance 'shop-9' in service shop (instances: shop-1, shop-2, shop-3)");
        assertThat(fleet.setDesired(0)).isEqualTo(1);
        assertThat(fleet.desired()).isEqualTo(1);
        assertThat(fleet.status().active()).isEqualTo(1);
    }
}
