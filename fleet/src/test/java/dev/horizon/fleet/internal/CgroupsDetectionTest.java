package dev.horizon.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.fleet.LaunchRequest;
import dev.horizon.fleet.Limits;
import dev.horizon.sizing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which cgroups {@link Cgroups#detect} picks, and the words when it can pick none: against directories that look like
 * a cgroup tree but are not one (a plain directory never grows a new group's {@code cgroup.procs}).
 */
class CgroupsDetectionTest {

    @TempDir
    Path root;

    @TempDir
    Path state;

    @Test
    void saysSoWhenThereIsNoCgroupFileSystemAtAll() {
        assertThat(Cgroups.detect(root).limits()).isEqualTo(new Limits(false,
            "limits not enforced: no cgroup v1 cpu controller at " + root.resolve("cpu")));
    }

    @Test
    void refusesADirectoryThatOnlyLooksLikeACgroupTree() throws Exception {
        Files.createDirectories(root.resolve("cpu"));
        Files.createDirectories(root.resolve("memory"));
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "-1");
        Files.writeString(root.resolve("memory/memory.limit_in_bytes"), "-1");

        assertThat(Cgroups.detect(root).limits().text()).isEqualTo("limits not enforced: " + root.resolve("cpu")
            + " is not a cgroup file system (a new group there has no cgroup.procs)");
        assertThat(root.resolve("cpu/horizon")).doesNotExist();
    }

    @Test
    void namesAUnifiedHierarchyWithoutControllers() throws Exception {
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.controllers"), "\n");

        assertThat(Cgroups.detect(root).limits().text()).isEqualTo("limits not enforced: cgroup v2 at "
            + root.resolve("unified") + " offers no cpu and memory controllers (cgroup.controllers: ''); no cgroup v1"
            + " cpu controller at " + root.resolve("cpu"));
    }

    @Test
    void runsInstancesUnlimitedAndSaysSoWhereLimitsAreNotEnforced() throws Exception {
        Cgroups none = Cgroups.detect(root);
        try (LocalProcessProvider provider = LocalProcessProvider.create(state, false, Duration.ofMillis(500), none)) {
            LocalProcess child = (LocalProcess) provider.launch(new LaunchRequest("shop", "shop-1",
                List.of("sh", "-c", "echo ran; exit 0"), Map.of(), Resources.of("500m", "256Mi")));

            assertThat(child.onExit().toCompletableFuture().get(20, TimeUnit.SECONDS).code()).isZero();
            assertThat(provider.limits().enforced()).isFalse();
            assertThat(provider.limits().text()).startsWith("limits not enforced: ");
            assertThat(child.size()).isEqualTo(Resources.of("500m", "256Mi"));
            assertThat(provider.cgroupDirs("shop", "shop-1")).isEmpty();
            assertThat(Files.readString(state.resolve("shop/shop-1.log"))).isEqualTo("ran\n");
        }
    }

    @Test
    void theCapacityIsThisMachinesCoresAndMemory() throws Exception {
        try (LocalProcessProvider provider = LocalProcessProvider.create(state, false, Duration.ofMillis(500),
            Cgroups.none("test"))) {
            assertThat(provider.capacity().cpu()).hasToString(Runtime.getRuntime().availableProcessors() * 1000 + "m");
            assertThat(provider.capacity().memory()).isEqualTo(Machine.memTotal(Path.of("/proc/meminfo")));
        }
    }

    @Test
    void readsMemTotalFromMeminfo() throws Exception {
        Path meminfo = root.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24683584 kB\nMemFree:         1000 kB\n");

        assertThat(Machine.memTotal(meminfo)).hasToString("24683584Ki");
    }
}
