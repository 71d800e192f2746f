package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.horizon.fleet.internal.Cgroups;
import dev.horizon.fleet.internal.LocalProcessProvider;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Fleet#resize} with real processes in real cgroups: CPU in place on the same processes, a memory cut that
 * replaces the instances one at a time without lowering the ready count, the restart policy stopping each instance
 * before its replacement starts, and the machine's ceiling. Skipped, naming the reason, where no cgroup can be made.
 */
class FleetResizeTest {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Resources SMALL = Resources.of("500m", "256Mi");

    @TempDir
    Path dir;

    private FleetRig rig;

    @BeforeEach
    void rig() {
        Cgroups cgroups = Cgroups.detect(ROOT);
        assumeTrue(cgroups.limits().enforced(), "needs writable cgroups under " + ROOT + ": " + cgroups.limits());
        rig = new FleetRig(dir);
    }

    @AfterEach
    void close() {
        if (rig != null) {
            rig.close();
        }
    }

    private LocalProcessProvider provider() {
        return (LocalProcessProvider) Objects.requireNonNull(rig.provider);
    }

    private String file(String id, String v1, String v2) {
        boolean isV1 = provider().limits().text().startsWith("cgroup v1");
        return provider().cgroupFile("shop", id, isV1 ? v1 : v2).orElse("(none)");
    }

    private Fleet startTwo(FleetSpec.Builder spec) {
        Fleet fleet = rig.startOnSystemClock(spec.instances(2, 5).resources(SMALL).build());
        await("2 in service", () -> fleet.status().ready() == 2);
        return fleet;
    }

    @Test
    void cpuResizeIsInPlaceOnTheSameProcessesAndNewInstancesTakeTheNewSize() {
        Fleet fleet = startTwo(FleetRig.spec(Children.service()));
        String pids = file("shop-1", "cgroup.procs", "cgroup.procs") + " " + file("shop-2", "cgroup.procs",
            "cgroup.procs");
        assertThat(file("shop-1", "cpu.cfs_quota_us", "cpu.max")).isIn("50000", "50000 100000");

        Resize resize = fleet.resize(Resources.of("1500m", "256Mi"), null);

        assertThat(resize.text()).isEqualTo("shop: cpu 500m -> 1500m in place on shop-1, shop-2");
        assertThat(resize.inPlace()).containsExactly("shop-1", "shop-2");
        assertThat(file("shop-1", "cpu.cfs_quota_us", "cpu.max")).isIn("150000", "150000 100000");
        assertThat(file("shop-2", "cpu.cfs_quota_us", "cpu.max")).isIn("150000", "150000 100000");
        assertThat(file("shop-1", "cgroup.procs", "cgroup.procs") + " " + file("shop-2", "cgroup.procs",
            "cgroup.procs")).isEqualTo(pids);
        assertThat(fleet.instances()).allSatisfy(i -> assertThat(i.size()).isEqualTo(Resources.of("1500m", "256Mi")));
        assertThat(rig.notices).contains("shop: shop: cpu 500m -> 1500m in place on shop-1, shop-2");

        fleet.setDesired(3);
        await("shop-3 in service", () -> fleet.status().ready() == 3);
        assertThat(file("shop-3", "cpu.cfs_quota_us", "cpu.max")).isIn("150000", "150000 100000");
        assertThat(fleet.size()).isEqualTo(Resources.of("1500m", "256Mi"));
    }

    @Test
    void aMemoryCutBelowTheHeapReplacesEveryInstanceOneAtATimeNeverBelowTheReadyCount() throws Exception {
        List<String> command = new ArrayList<>(List.of(Children.JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx200m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
            TestService.class.getName(), "--port=${PORT}"));
        Fleet fleet = startTwo(FleetRig.spec(command));
        int before = rig.transitions.size();

        Resize resize = fleet.resize(Resources.of("500m", "128Mi"), null);

        assertThat(resize.text()).isEqualTo("shop: memory 256Mi -> 128Mi: shop-1's JVM fixed its max heap at 200Mi"
            + " when it started, so the instances are replaced one at a time at the new size (shop-1, shop-2)");
        await("resize done", () -> rig.notices.contains(
            "shop: resize done: 2 instances replaced at cpu 500m, memory 128Mi"));
        await("shop-1 and shop-2 stopped", () -> fleet.status().draining() == 0);
        assertThat(fleet.status().replacing()).isNull();
        assertThat(FleetRig.inServiceAtEachStep(rig.transitions, before, EnumSet.of(InstanceState.PENDING,
            InstanceState.IN_SERVICE, InstanceState.DRAINING))).containsExactly(
            "shop-3 PENDING, 2 in service: replacing shop-1 for resize 1/2",
            "shop-3 IN_SERVICE, 3 in service",
            "shop-1 DRAINING, 2 in service: replaced for resize 1/2 by shop-3",
            "shop-4 PENDING, 2 in service: replacing shop-2 for resize 2/2",
            "shop-4 IN_SERVICE, 3 in service",
            "shop-2 DRAINING, 2 in service: replaced for resize 2/2 by shop-4");
        List<String> order = rig.pool.events().stream().filter(e -> !e.startsWith("leave"))
            .map(e -> e.replaceFirst(" 127.*", "")).toList();
        assertThat(order.subList(2, order.size())).containsExactly("join shop-3", "drain shop-1", "join shop-4",
            "drain shop-2");
        assertThat(fleet.instances().stream().filter(i -> i.state().active()).map(InstanceStatus::id))
            .containsExactly("shop-3", "shop-4");
        assertThat(file("shop-3", "memory.limit_in_bytes", "memory.max")).isEqualTo(Long.toString(128L << 20));
        assertThat(FleetRig.instance(fleet, "shop-1").detail())
            .isEqualTo("replaced for resize 1/2 by shop-3; killed by SIGTERM (exit code 143)");
    }

    @Test
    void restartPolicyStopsEachInstanceBeforeItsReplacementStartsAndRunsOneShort() {
        Fleet fleet = startTwo(FleetRig.spec(Children.service()).resizePolicy(ResizePolicy.RESTART));
        int before = rig.transitions.size();

        Resize resize = fleet.resize(Resources.of("1", "256Mi"), null);

        assertThat(resize.text()).isEqualTo("shop: cpu 500m -> 1000m: resize-policy restart stops and restarts the"
            + " instances one at a time (shop-1, shop-2); the service runs one instance short meanwhile");
        await("resize done", () -> rig.notices.contains(
            "shop: resize done: 2 instances stopped and restarted at cpu 1000m, memory 256Mi"));
        assertThat(FleetRig.inServiceAtEachStep(rig.transitions, before, EnumSet.of(InstanceState.PENDING,
            InstanceState.IN_SERVICE, InstanceState.DRAINING, InstanceState.STOPPED))).containsExactly(
            "shop-1 DRAINING, 1 in service: stopped for resize 1/2, to be replaced at cpu 1000m, memory 256Mi",
            "shop-1 STOPPED, 1 in service",
            "shop-3 PENDING, 1 in service: replacing shop-1 for resize 1/2",
            "shop-3 IN_SERVICE, 2 in service",
            "shop-2 DRAINING, 1 in service: stopped for resize 2/2, to be replaced at cpu 1000m, memory 256Mi",
            "shop-2 STOPPED, 1 in service",
            "shop-4 PENDING, 1 in service: replacing shop-2 for resize 2/2",
            "shop-4 IN_SERVICE, 2 in service");
        List<String> order = rig.pool.events().stream().filter(e -> !e.startsWith("leave"))
            .map(e -> e.replaceFirst(" 127.*", "")).toList();
        assertThat(order.subList(2, order.size())).containsExactly("drain shop-1", "join shop-3", "drain shop-2",
            "join shop-4");
        assertThat(file("shop-3", "cpu.cfs_quota_us", "cpu.max")).isIn("100000", "100000 100000");
        assertThat(file("shop-4", "cpu.cfs_quota_us", "cpu.max")).isIn("100000", "100000 100000");
        assertThat(fleet.size()).isEqualTo(Resources.of("1", "256Mi"));
    }

    @Test
    void refusesASizeOverThisMachine() {
        Fleet fleet = startTwo(FleetRig.spec(Children.service()));
        long cores = Runtime.getRuntime().availableProcessors();

        assertThatThrownBy(() -> fleet.resize(new Resources(Cpu.millicores(cores * 1000 + 1000), null), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("shop: cpu " + (cores * 1000 + 1000) + "m is more than this machine's " + cores * 1000 + "m");
        assertThat(fleet.size()).isEqualTo(SMALL);
    }
}
