package dev.horizon.fleet.internal;

import static dev.horizon.fleet.Children.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.horizon.fleet.Children;
import dev.horizon.fleet.LaunchRequest;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances in cgroups of their own, with the real kernel's cgroups: limits written and read back, the process in its
 * group before the program starts, in-place resize, removal at exit, and the leftovers of a Horizon that is gone.
 * Skipped, naming the reason, where no cgroup can be made.
 */
class CgroupsTest {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Resources SMALL = Resources.of("500m", "256Mi");

    @TempDir
    Path dir;

    private @Nullable LocalProcessProvider provider;
    private @Nullable Process stray;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        if (stray != null) {
            stray.destroyForcibly();
        }
    }

    private LocalProcessProvider provider() {
        Cgroups cgroups = Cgroups.detect(ROOT);
        assumeTrue(cgroups.limits().enforced(), "needs writable cgroups under " + ROOT + ": " + cgroups.limits());
        if (provider == null) {
            provider = LocalProcessProvider.create(dir, false, Duration.ofMillis(500), cgroups);
        }
        return provider;
    }

    private LocalProcess launch(String id, List<String> command, Resources size) throws IOException {
        return (LocalProcess) provider().launch(new LaunchRequest("shop", id, command, Map.of(), size));
    }

    private boolean v1() {
        return provider().limits().text().startsWith("cgroup v1");
    }

    @Test
    void writesTheSizeIntoTheInstanceCgroupAndRunsTheProcessInIt() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sleep", "600"), SMALL);
        awaitJoined(child);

        if (v1()) {
            assertThat(provider().cgroupFile("shop", "shop-1", "cpu.cfs_period_us")).hasValue("100000");
            assertThat(provider().cgroupFile("shop", "shop-1", "cpu.cfs_quota_us")).hasValue("50000");
            assertThat(provider().cgroupFile("shop", "shop-1", "memory.limit_in_bytes")).hasValue("268435456");
        } else {
            assertThat(provider().cgroupFile("shop", "shop-1", "cpu.max")).hasValue("50000 100000");
            assertThat(provider().cgroupFile("shop", "shop-1", "memory.max")).hasValue("268435456");
            assertThat(provider().cgroupFile("shop", "shop-1", "memory.high")).hasValue("241590272");
        }
        for (Path group : provider().cgroupDirs("shop", "shop-1")) {
            assertThat(Files.readAllLines(group.resolve("cgroup.procs"))).containsExactly(Long.toString(child.pid()));
        }
        assertThat(child.size()).isEqualTo(SMALL);
    }

    @Test
    void aJvmSizesItsHeapFromTheLimitBecauseItStartsInsideTheGroup() throws Exception {
        LocalProcess child = launch("shop-1", List.of(Children.JAVA, "-XX:+UseSerialGC", "-XX:+PrintFlagsFinal",
            "-version"), Resources.of("500m", "1Gi"));
        child.onExit().toCompletableFuture().get(20, TimeUnit.SECONDS);

        String maxHeap = Files.readAllLines(dir.resolve("shop/shop-1.log"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains(" MaxHeapSize ")).findFirst().orElseThrow();
        assertThat(maxHeap.split("=")[1].strip().split("\\s+")[0]).isEqualTo(Long.toString(256L << 20));
    }

    @Test
    void resizesInPlaceWithTheSameProcess() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sleep", "600"), SMALL);
        awaitJoined(child);

        child.resize(Resources.of("1500m", "512Mi"));

        assertThat(provider().cgroupFile("shop", "shop-1", v1() ? "cpu.cfs_quota_us" : "cpu.max"))
            .hasValue(v1() ? "150000" : "150000 100000");
        assertThat(provider().cgroupFile("shop", "shop-1", v1() ? "memory.limit_in_bytes" : "memory.max"))
            .hasValue("536870912");
        assertThat(child.alive()).isTrue();
        assertThat(Files.readAllLines(provider().cgroupDirs("shop", "shop-1").getFirst().resolve("cgroup.procs")))
            .containsExactly(Long.toString(child.pid()));
    }

    @Test
    void unlimitedIsWrittenAsNoLimit() throws Exception {
        launch("shop-1", List.of("sleep", "600"), Resources.UNLIMITED);

        assertThat(provider().cgroupFile("shop", "shop-1", v1() ? "cpu.cfs_quota_us" : "cpu.max"))
            .hasValue(v1() ? "-1" : "max 100000");
    }

    @Test
    void measuresCpuAndMemoryFromTheGroup() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sh", "-c", "while :; do :; done"), SMALL);

        await("20 ms of CPU", () -> child.cpuTimeNanos().orElse(0) >= 20_000_000L);
        long fromGroup = Long.parseLong(provider().cgroupFile("shop", "shop-1", v1() ? "cpuacct.usage" : "cpu.stat")
            .orElseThrow().lines().findFirst().orElseThrow().replace("usage_usec ", ""));
        assertThat(fromGroup).isPositive();
        assertThat(child.memoryBytes()).isPresent();
        assertThat(child.memoryBytes().getAsLong()).isPositive();
    }

    @Test
    void removesTheGroupWhenTheInstanceEndsKillingWhatItLeftInIt() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sh", "-c", "sleep 600 & exec sleep 600"), SMALL);
        List<Path> groups = provider().cgroupDirs("shop", "shop-1");
        assertThat(groups).isNotEmpty().allSatisfy(g -> assertThat(g).isDirectory());
        await("both sleeps in the group", () -> lines(groups.getFirst().resolve("cgroup.procs")).size() == 2);

        child.kill();
        child.onExit().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(groups).allSatisfy(g -> assertThat(g).doesNotExist());
    }

    @Test
    void cleanupRemovesTheGroupsOfAHorizonThatIsGoneAndKillsWhatRunsInThem() throws Exception {
        Cgroups cgroups = Cgroups.detect(ROOT);
        assumeTrue(cgroups.limits().enforced(), "needs writable cgroups under " + ROOT + ": " + cgroups.limits());
        long self = ProcessHandle.current().pid();
        String gone = self + "-1"; // this pid with another start time: a Horizon that is gone, its pid reused
        stray = new ProcessBuilder("sleep", "600").start();
        List<Path> mounts = List.of(ROOT.resolve(v1() ? "cpu" : "unified"), ROOT.resolve(v1() ? "memory" : "unified"));
        Path group = Path.of("horizon", gone, "shop.shop-9");
        for (Path mount : mounts.stream().distinct().toList()) {
            Files.createDirectories(mount.resolve(group));
            Files.writeString(mount.resolve(group).resolve("cgroup.procs"), Long.toString(stray.pid()));
        }

        List<String> report = provider().cleanupOrphans();

        assertThat(report).contains("removed cgroup " + group + " of a Horizon that is gone (pid " + self
            + "): killed pid " + stray.pid());
        assertThat(stray.waitFor(20, TimeUnit.SECONDS)).isTrue();
        for (Path mount : mounts) {
            assertThat(mount.resolve(group)).doesNotExist();
            assertThat(mount.resolve(group).getParent()).doesNotExist();
        }
    }

    @Test
    void cleanupLeavesTheGroupsOfALiveHorizonWhoseStartTimeCannotBeCompared() throws Exception {
        Cgroups cgroups = Cgroups.detect(ROOT);
        assumeTrue(cgroups.limits().enforced(), "needs writable cgroups under " + ROOT + ": " + cgroups.limits());
        long self = ProcessHandle.current().pid();
        long millis = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        stray = new ProcessBuilder("sleep", "600").start();
        List<Path> mounts = List.of(ROOT.resolve(v1() ? "cpu" : "unified"), ROOT.resolve(v1() ? "memory" : "unified"));
        List<Path> groups = List.of(Path.of("horizon", self + "-unknown", "shop.shop-9"),
            Path.of("horizon", self + "-i" + millis, "shop.shop-9"));
        try {
            for (Path mount : mounts.stream().distinct().toList()) {
                for (Path group : groups) {
                    Files.createDirectories(mount.resolve(group));
                }
                Files.writeString(mount.resolve(groups.getFirst()).resolve("cgroup.procs"), Long.toString(stray.pid()));
            }

            assertThat(provider().cleanupOrphans()).noneMatch(l -> l.contains("/" + self + "-"));
            assertThat(stray.isAlive()).isTrue();
            for (Path mount : mounts) {
                assertThat(groups).allSatisfy(g -> assertThat(mount.resolve(g)).isDirectory());
            }
        } finally {
            stray.destroyForcibly().waitFor();
            for (Path mount : mounts.stream().distinct().toList()) {
                Cgroup.remove(groups.stream().map(mount::resolve).toList());
                Cgroup.remove(groups.stream().map(g -> mount.resolve(g).getParent()).toList());
            }
        }
    }

    @Test
    void cleanupLeavesTheGroupsOfARunningHorizonAlone() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sleep", "600"), SMALL);

        assertThat(provider().cleanupOrphans()).noneMatch(l -> l.contains("/" + ProcessHandle.current().pid() + "-"));
        assertThat(child.alive()).isTrue();
        assertThat(provider().cgroupDirs("shop", "shop-1")).allSatisfy(g -> assertThat(g).isDirectory());
    }

    /** Until the launch wrapper has moved the process into its group (then it execs the program). */
    private void awaitJoined(LocalProcess child) {
        await("pid " + child.pid() + " in its cgroup", () -> provider().cgroupDirs("shop", child.instanceId()).stream()
            .allMatch(g -> lines(g.resolve("cgroup.procs")).equals(List.of(Long.toString(child.pid())))));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
