package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replacements under way meeting another resize, a drain and missing limits, on instances without processes
 * ({@link StubProvider}) and a {@link ManualClock}: the fleet's decisions alone, to their end state.
 */
class FleetRolloutTest {

    private static final Resources SMALL = Resources.of("500m", "256Mi");
    private static final Resources CUT = Resources.of("500m", "128Mi");
    private static final Resources CUT_AND_FASTER = Resources.of("1000m", "128Mi");
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
        Fleet fleet = start(1, ResizePolicy.RESTART, ENFORCED);
        fleet.resize(Resources.of("1000m", "256Mi"), null);

        fleet.drain("shop-1");

        settle(fleet);
        assertThat(active(fleet)).containsExactly("shop-2 cpu 1000m, memory 256Mi");
        assertThat(notices).contains("resize done: 0 instances replaced at cpu 1000m, memory 256Mi; 1 ended before"
            + " its turn");
        assertThat(transitions).noneMatch(t -> t.instance().equals("shop-3"));
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
