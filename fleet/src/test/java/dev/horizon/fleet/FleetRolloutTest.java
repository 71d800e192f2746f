package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replacements under way (surging first, and stopping first under the restart policy) meeting another resize, a
 * drain, failing new instances and missing limits, on instances without processes
 * ({@link StubProvider}) and a {@link ManualClock}: the fleet's decisions alone, to their end state.
 */
class FleetRolloutTest {

    private static final Resources SMALL = Resources.of("500m", "256Mi");
    private static final Resources CUT = Resources.of("500m", "128Mi");
    private static final Resources CUT_AND_FASTER = Resources.of("1000m", "128Mi");
    private static final Resources FASTER = Resources.of("1000m", "256Mi");
    private static final Resources FASTEST = Resources.of("1500m", "256Mi");
    private static final Set<InstanceState> SHOWN = EnumSet.of(InstanceState.PENDING, InstanceState.IN_SERVICE,
        InstanceState.DRAINING, InstanceState.STOPPED);
    private static final Limits ENFORCED = Limits.enforcedBy("stub limits");

    private final ManualClock clock = new ManualClock();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private @Nullable StubProvider provider;
    private @Nullable Fleet running;

    @AfterEach
    void close() {
        if (running != null) {
            running.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** {@code count} instances of {@link #SMALL} in service, each using 200Mi. */
    private Fleet start(int count, ResizePolicy policy, Limits limits) {
        StubProvider stubs = new StubProvider(limits, 200L << 20);
        provider = stubs;
        FleetSpec spec = FleetSpec.builder("shop", List.of("stub")).instances(count, 5).warmup(Duration.ZERO)
            .resources(SMALL).resizePolicy(policy).build();
        FleetListener listener = new FleetListener() {
            @Override
            public void onTransition(Transition transition) {
                transitions.add(transition);
            }

            @Override
            public void onNotice(String service, String notice) {
                notices.add(notice);
            }
        };
        Fleet fleet = Fleet.start(spec, stubs, new InMemoryMembership(), listener, clock, Duration.ofMillis(10));
        running = fleet;
        settle(fleet);
        return fleet;
    }

    /** Advances the clock a second at a time until no replacement runs and every active instance is in service. */
    private void settle(Fleet fleet) {
        await("the fleet settled", () -> {
            FleetStatus s = fleet.status();
            boolean settled = s.replacing() == null && s.draining() == 0 && s.ready() == s.active();
            if (settled && s.active() == s.desired()) {
                return true;
            }
            clock.advance(Duration.ofSeconds(1));
            fleet.reconcileNow();
            return false;
        });
    }

    /** The active instances as {@code shop-4 cpu 1000m, memory 128Mi}. */
    private static List<String> active(Fleet fleet) {
        return fleet.instances().stream().filter(i -> i.state().active()).map(i -> i.id() + " " + i.size())
            .toList();
    }

    @Test
    void aSecondResizeWhileAReplacementRunsStopsItsNewInstanceAndEndsAtTheNewSize() {
        Fleet fleet = start(2, ResizePolicy.IN_PLACE, ENFORCED);
        fleet.resize(CUT, null);

        Resize second = fleet.resize(CUT_AND_FASTER, null);

        assertThat(second.text()).isEqualTo("shop: cpu 500m -> 1000m: shop-1 uses 200Mi, so the instances are replaced"
            + " one at a time at the new size (shop-1, shop-2); shop-3, new for the replacement under way at cpu 500m,"
            + " memory 128Mi, is stopped");
        assertThat(fleet.status().replacing()).startsWith("replacing for resize 1/2: shop-4 starting at cpu 1000m");
        settle(fleet);
        assertThat(active(fleet)).containsExactly("shop-4 cpu 1000m, memory 128Mi", "shop-5 cpu 1000m, memory 128Mi");
        assertThat(fleet.desired()).isEqualTo(2);
        assertThat(notices).contains("resize done: 2 instances replaced at cpu 1000m, memory 128Mi");
        assertThat(FleetRig.instance(fleet, "shop-3").detail()).startsWith("launched for the resize to cpu 500m,"
            + " memory 128Mi, stopped for the resize to cpu 1000m, memory 128Mi");
    }

    @Test
    void theSameResizeWhileItRunsIsANoOpThatSaysSo() {
        Fleet fleet = start(2, ResizePolicy.IN_PLACE, ENFORCED);
        fleet.resize(CUT, null);

        Resize again = fleet.resize(CUT, null);

        assertThat(again.text()).isEqualTo("shop: already replacing for that size, cpu 500m, memory 128Mi (replacing"
            + " for resize 1/2: shop-3 starting at cpu 500m, memory 128Mi for shop-1)");
        assertThat(again.replaced()).isEmpty();
        settle(fleet);
        assertThat(active(fleet)).containsExactly("shop-3 cpu 500m, memory 128Mi", "shop-4 cpu 500m, memory 128Mi");
        assertThat(notices).contains("resize done: 2 instances replaced at cpu 500m, memory 128Mi");
    }

    @Test
    void aReplacementWhoseLastOldInstanceIsDrainedEndsAndKeepsItsNewInstanceAsAnOrdinaryOne() {
        Fleet fleet = start(1, ResizePolicy.IN_PLACE, ENFORCED);
        fleet.resize(CUT, null);

        fleet.drain("shop-1");

        settle(fleet);
        assertThat(active(fleet)).containsExactly("shop-2 cpu 500m, memory 128Mi");
        assertThat(notices).contains("resize done: 0 instances replaced at cpu 500m, memory 128Mi; 1 ended before"
            + " its turn");
        assertThat(transitions).noneMatch(t -> t.instance().equals("shop-3"));
    }

    @Test
    void restartStopsEachInstanceBeforeItsReplacementStartsAndRunsOneShortAtMost() {
        Fleet fleet = start(3, ResizePolicy.RESTART, ENFORCED);
        int before = transitions.size();

        Resize resize = fleet.resize(FASTER, null);

        assertThat(resize.text()).isEqualTo("shop: cpu 500m -> 1000m: resize-policy restart stops and restarts the"
            + " instances one at a time (shop-1, shop-2, shop-3); the service runs one instance short meanwhile");
        assertThat(resize.replaced()).containsExactly("shop-1", "shop-2", "shop-3");
        settle(fleet);
        assertThat(FleetRig.inServiceAtEachStep(transitions, before, SHOWN)).containsExactly(
            "shop-1 DRAINING, 2 in service: stopped for resize 1/3, to be replaced at cpu 1000m, memory 256Mi",
            "shop-1 STOPPED, 2 in service",
            "shop-4 PENDING, 2 in service: replacing shop-1 for resize 1/3",
            "shop-4 IN_SERVICE, 3 in service",
            "shop-2 DRAINING, 2 in service: stopped for resize 2/3, to be replaced at cpu 1000m, memory 256Mi",
            "shop-2 STOPPED, 2 in service",
            "shop-5 PENDING, 2 in service: replacing shop-2 for resize 2/3",
            "shop-5 IN_SERVICE, 3 in service",
            "shop-3 DRAINING, 2 in service: stopped for resize 3/3, to be replaced at cpu 1000m, memory 256Mi",
            "shop-3 STOPPED, 2 in service",
            "shop-6 PENDING, 2 in service: replacing shop-3 for resize 3/3",
            "shop-6 IN_SERVICE, 3 in service");
        assertThat(active(fleet)).containsExactly("shop-4 cpu 1000m, memory 256Mi", "shop-5 cpu 1000m, memory 256Mi",
            "shop-6 cpu 1000m, memory 256Mi");
        assertThat(notices).contains("resize done: 3 instances stopped and restarted at cpu 1000m, memory 256Mi");
        assertThat(fleet.status().replacing()).isNull();
    }

    @Test
    void restartOfTheOnlyInstanceLeavesNoneInServiceUntilItsReplacementIs() {
        Fleet fleet = start(1, ResizePolicy.RESTART, ENFORCED);
        int before = transitions.size();

        Resize resize = fleet.resize(FASTER, null);

        assertThat(resize.text()).isEqualTo("shop: cpu 500m -> 1000m: resize-policy restart stops and restarts shop-1;"
            + " the service is down meanwhile (its only instance)");
        settle(fleet);
        assertThat(FleetRig.inServiceAtEachStep(transitions, before, SHOWN)).containsExactly(
            "shop-1 DRAINING, 0 in service: stopped for resize 1/1, to be replaced at cpu 1000m, memory 256Mi",
            "shop-1 STOPPED, 0 in service",
            "shop-2 PENDING, 0 in service: replacing shop-1 for resize 1/1",
            "shop-2 IN_SERVICE, 1 in service");
        assertThat(active(fleet)).containsExactly("shop-2 cpu 1000m, memory 256Mi");
    }

    @Test
    void restartRetriesAReplacementThatFailsToStart() {
        Fleet fleet = start(2, ResizePolicy.RESTART, ENFORCED);
        Objects.requireNonNull(provider).crashNext(1);

        fleet.resize(FASTER, null);

        settle(fleet);
        assertThat(transitions.stream().filter(t -> t.instance().equals("shop-3")).map(Transition::to))
            .containsExactly(InstanceState.PENDING, InstanceState.STARTING, InstanceState.FAILED);
        assertThat(transitions).anyMatch(t -> t.instance().equals("shop-4") && t.to() == InstanceState.PENDING
            && t.reason().equals("replacing shop-1 for resize 1/2"));
        assertThat(active(fleet)).containsExactly("shop-4 cpu 1000m, memory 256Mi", "shop-5 cpu 1000m, memory 256Mi");
        assertThat(notices).contains("resize done: 2 instances stopped and restarted at cpu 1000m, memory 256Mi");
    }

    @Test
    void restartThatGivesUpLeavesTheStoppedPlaceToTheDesiredCountSoTheServiceIsNotLeftOneShort() {
        Fleet fleet = start(2, ResizePolicy.RESTART, ENFORCED);
        Objects.requireNonNull(provider).crashNext(Rollout.GIVE_UP_AFTER);

        fleet.resize(FASTER, null);

        settle(fleet);
        assertThat(notices).contains("resize stopped: 3 new instances in a row failed to start at cpu 1000m, memory"
            + " 256Mi; shop-2 keep their size; the fleet relaunches in shop-1's place with its crash-loop backoff");
        assertThat(transitions).anyMatch(t -> t.instance().equals("shop-6") && t.to() == InstanceState.PENDING
            && t.reason().equals("desired 2, active 1"));
        assertThat(active(fleet)).containsExactly("shop-2 cpu 500m, memory 256Mi", "shop-6 cpu 1000m, memory 256Mi");
        assertThat(fleet.status().ready()).isEqualTo(2);
    }

    @Test
    void aSecondResizeWhileARestartRunsFillsTheStoppedPlaceFirstAndNeverRunsTwoShort() {
        Fleet fleet = start(2, ResizePolicy.RESTART, ENFORCED);
        int before = transitions.size();
        fleet.resize(FASTER, null);

        Resize second = fleet.resize(FASTEST, null);

        assertThat(second.text()).isEqualTo("shop: cpu 1000m -> 1500m: resize-policy restart stops and restarts"
            + " shop-2; the service runs one instance short meanwhile; shop-3, new for the replacement under way at"
            + " cpu 1000m, memory 256Mi, is stopped");
        settle(fleet);
        assertThat(FleetRig.inServiceAtEachStep(transitions, before, SHOWN)).containsExactly(
            "shop-1 DRAINING, 1 in service: stopped for resize 1/2, to be replaced at cpu 1000m, memory 256Mi",
            "shop-1 STOPPED, 1 in service",
            "shop-3 PENDING, 1 in service: replacing shop-1 for resize 1/2",
            "shop-3 DRAINING, 1 in service: launched for the resize to cpu 1000m, memory 256Mi, stopped for the"
                + " resize to cpu 1500m, memory 256Mi",
            "shop-4 PENDING, 1 in service: replacing shop-1 for resize 1/2",
            "shop-3 STOPPED, 1 in service",
            "shop-4 IN_SERVICE, 2 in service",
            "shop-2 DRAINING, 1 in service: stopped for resize 2/2, to be replaced at cpu 1500m, memory 256Mi",
            "shop-2 STOPPED, 1 in service",
            "shop-5 PENDING, 1 in service: replacing shop-2 for resize 2/2",
            "shop-5 IN_SERVICE, 2 in service");
        assertThat(active(fleet)).containsExactly("shop-4 cpu 1500m, memory 256Mi", "shop-5 cpu 1500m, memory 256Mi");
        assertThat(notices).contains("resize done: 2 instances stopped and restarted at cpu 1500m, memory 256Mi");
    }

    @Test
    void withoutLimitsAMemoryCutOnlyRecordsTheSizeAndReplacesNothing() {
        Fleet fleet = start(2, ResizePolicy.IN_PLACE, Limits.notEnforced("no cgroup here"));

        Resize resize = fleet.resize(CUT, null);

        assertThat(resize.text()).isEqualTo("shop: memory 256Mi -> 128Mi recorded on shop-1, shop-2; shop-1 uses"
            + " 200Mi, but no instance is replaced: without limits a restart would change nothing (limits not"
            + " enforced: no cgroup here; the size is recorded, the kernel does not hold the instances to it)");
        assertThat(resize.replaced()).isEmpty();
        assertThat(fleet.status().replacing()).isNull();
        assertThat(active(fleet)).containsExactly("shop-1 cpu 500m, memory 128Mi", "shop-2 cpu 500m, memory 128Mi");
    }
}
