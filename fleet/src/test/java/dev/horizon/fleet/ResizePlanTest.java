package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How running instances take a new size, and the exact words for it. */
class ResizePlanTest {

    private static final Limits V1 = Limits.enforcedBy("cgroup v1 (cpu, cpuacct, memory)");
    private static final Resources SMALL = Resources.of("500m", "512Mi");
    private static final long MI = 1L << 20;

    private static ResizePlan.Sized instance(String id, long usedMi, long heapMi) {
        return new ResizePlan.Sized(id, SMALL, OptionalLong.of(usedMi * MI),
            heapMi < 0 ? OptionalLong.empty() : OptionalLong.of(heapMi * MI));
    }

    private static final List<ResizePlan.Sized> TWO = List.of(instance("shop-1", 300, 128),
        instance("shop-2", 200, 128));

    @Test
    void cpuChangesInPlace() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("1500m", "512Mi"), TWO, V1, 2);

        assertThat(r.inPlace()).containsExactly("shop-1", "shop-2");
        assertThat(r.replaced()).isEmpty();
        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1500m in place on shop-1, shop-2");
    }

    @Test
    void memoryGrowsInPlace() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("1", "1Gi"), TWO, V1, 2);

        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m, memory 512Mi -> 1Gi in place on shop-1, shop-2");
    }

    @Test
    void aMemoryCutAboveUseAndHeapIsInPlace() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("500m", "400Mi"), TWO, V1, 2);

        assertThat(r.inPlace()).containsExactly("shop-1", "shop-2");
    }

    @Test
    void aMemoryCutBelowWhatAnInstanceUsesReplacesThemAll() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("500m", "256Mi"), TWO, V1, 2);

        assertThat(r.inPlace()).isEmpty();
        assertThat(r.replaced()).containsExactly("shop-1", "shop-2");
        assertThat(r.text()).isEqualTo("shop: memory 512Mi -> 256Mi: shop-1 uses 300Mi, so the instances are"
            + " replaced one at a time at the new size (shop-1, shop-2)");
    }

    @Test
    void aMemoryCutBelowTheMaxHeapItsJvmFixedReplacesIt() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("500m", "256Mi"),
            List.of(instance("shop-1", 100, 384)), V1, 2);

        assertThat(r.text()).isEqualTo("shop: memory 512Mi -> 256Mi: shop-1's JVM fixed its max heap at 384Mi when it"
            + " started, so shop-1 is replaced at the new size");
    }

    @Test
    void restartPolicyReplacesOnEveryChange() {
        Resize r = ResizePlan.of("shop", ResizePolicy.RESTART, SMALL, Resources.of("1", "512Mi"), TWO, V1, 2);

        assertThat(r.replaced()).containsExactly("shop-1", "shop-2");
        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m: resize-policy restart stops and restarts the"
            + " instances one at a time (shop-1, shop-2); the service runs one instance short meanwhile");
    }

    @Test
    void restartPolicyOfOneInstanceOfTwoRunsOneShort() {
        Resize r = ResizePlan.of("shop", ResizePolicy.RESTART, SMALL, Resources.of("1", "512Mi"),
            List.of(instance("shop-2", 200, 128)), V1, 2);

        assertThat(r.replaced()).containsExactly("shop-2");
        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m: resize-policy restart stops and restarts shop-2; the"
            + " service runs one instance short meanwhile");
    }

    @Test
    void restartPolicyOfTheOnlyInstanceSaysTheServiceIsDown() {
        Resize r = ResizePlan.of("shop", ResizePolicy.RESTART, SMALL, Resources.of("1", "512Mi"),
            List.of(instance("shop-1", 200, 128)), V1, 1);

        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m: resize-policy restart stops and restarts shop-1; the"
            + " service is down meanwhile (its only instance)");
    }

    @Test
    void withoutInstancesOnlyNewOnesTakeIt() {
        assertThat(ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("1", "512Mi"), List.of(), V1, 2)
            .text()).isEqualTo("shop: cpu 500m -> 1000m; no instance to resize, new ones start at it");
        assertThat(ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, SMALL, List.of(), V1, 2).text())
            .isEqualTo("shop: already cpu 500m, memory 512Mi; nothing to do");
    }

    @Test
    void saysWhenLimitsAreNotEnforced() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, Resources.UNLIMITED, SMALL,
            List.of(new ResizePlan.Sized("shop-1", Resources.UNLIMITED, OptionalLong.empty(), OptionalLong.empty())),
            Limits.notEnforced("/sys/fs/cgroup/cpu not writable"), 1);

        assertThat(r.text()).isEqualTo("shop: cpu unlimited -> 500m, memory unlimited -> 512Mi recorded on shop-1"
            + " (limits not enforced: /sys/fs/cgroup/cpu not writable; the size is recorded, the kernel does not hold"
            + " the instances to it)");
    }

    @Test
    void withoutLimitsAMemoryCutBelowUseOnlyRecordsTheSize() {
        Resize r = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("500m", "256Mi"), TWO,
            Limits.notEnforced("no cgroup"), 2);

        assertThat(r.inPlace()).containsExactly("shop-1", "shop-2");
        assertThat(r.replaced()).isEmpty();
        assertThat(r.text()).isEqualTo("shop: memory 512Mi -> 256Mi recorded on shop-1, shop-2; shop-1 uses 300Mi, but"
            + " no instance is replaced: without limits a restart would change nothing (limits not enforced: no"
            + " cgroup; the size is recorded, the kernel does not hold the instances to it)");
    }

    @Test
    void withoutLimitsTheRestartPolicyReplacesNothing() {
        Resize r = ResizePlan.of("shop", ResizePolicy.RESTART, SMALL, Resources.of("1", "512Mi"), TWO,
            Limits.notEnforced("no cgroup"), 2);

        assertThat(r.replaced()).isEmpty();
        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m recorded on shop-1, shop-2; resize-policy is restart,"
            + " but no instance is replaced: without limits a restart would change nothing (limits not enforced: no"
            + " cgroup; the size is recorded, the kernel does not hold the instances to it)");
    }

    @Test
    void anInPlaceWriteThatFailsReplacesThatInstance() {
        Resize plan = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("1", "512Mi"), TWO, V1, 2);

        Resize r = ResizePlan.withFailures(plan, Map.of("shop-2", "Device or resource busy"), V1);

        assertThat(r.inPlace()).containsExactly("shop-1");
        assertThat(r.replaced()).containsExactly("shop-2");
        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m in place on shop-1; shop-2 could not be resized in"
            + " place (Device or resource busy), so shop-2 is replaced at the new size");
    }

    @Test
    void namesEveryInstanceWhoseInPlaceWriteFailed() {
        Resize plan = ResizePlan.of("shop", ResizePolicy.IN_PLACE, SMALL, Resources.of("1", "512Mi"), TWO, V1, 2);
        Map<String, String> failed = new LinkedHashMap<>();
        failed.put("shop-1", "Device or resource busy");
        failed.put("shop-2", "No such file or directory");

        Resize r = ResizePlan.withFailures(plan, failed, V1);

        assertThat(r.inPlace()).isEmpty();
        assertThat(r.replaced()).containsExactly("shop-1", "shop-2");
        assertThat(r.text()).isEqualTo("shop: cpu 500m -> 1000m: shop-1, shop-2 could not be resized in place (shop-1:"
            + " Device or resource busy; shop-2: No such file or directory), so the instances are replaced one at a"
            + " time at the new size (shop-1, shop-2)");
    }
}
