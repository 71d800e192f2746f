package dev.horizon.fleet.internal;

import static dev.horizon.fleet.Children.await;
import static dev.horizon.fleet.Children.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.horizon.fleet.Children;
import dev.horizon.fleet.Exit;
import dev.horizon.fleet.Handle;
import dev.horizon.fleet.LaunchRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-process provider with real processes: launching, signals, pid files, and no orphans. */
class LocalProcessProviderTest {

    private static final boolean HAS_SETPRIV = Files.isExecutable(Path.of("/usr/bin/setpriv"));

    @TempDir
    Path dir;

    private final List<Process> others = new ArrayList<>();
    private @Nullable LocalProcessProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        others.forEach(Process::destroyForcibly);
    }

    private LocalProcessProvider provider() {
        if (provider == null) {
            provider = LocalProcessProvider.create(dir, HAS_SETPRIV, Duration.ofMillis(500));
        }
        return provider;
    }

    private LocalProcess launch(String id, List<String> command) throws IOException {
        return launch(id, command, Map.of());
    }

    private LocalProcess launch(String id, List<String> command, Map<String, String> env) throws IOException {
        return (LocalProcess) provider().launch(new LaunchRequest("shop", id, command, env));
    }

    private static Exit exit(Handle handle) throws Exception {
        return handle.onExit().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static int port(Handle handle) {
        return Integer.parseInt(handle.address().substring(handle.address().lastIndexOf(':') + 1));
    }

    @Test
    void substitutesPortInstanceIdAndServiceInArgumentsAndExportsThem() throws Exception {
        String script = "echo \"args ${SERVICE} ${INSTANCE_ID} ${PORT}\" '${OTHER}';"
            + " echo \"env $SERVICE $INSTANCE_ID $PORT $GREETING\"";
        LocalProcess child = launch("shop-7", List.of("sh", "-c", script),
            Map.of("GREETING", "hi-from-${INSTANCE_ID}"));

        assertThat(exit(child)).isEqualTo(new Exit(0, "exited with code 0"));
        int port = port(child);
        assertThat(child.address()).isEqualTo("127.0.0.1:" + port);
        assertThat(lines(dir.resolve("shop/shop-7.log"))).containsExactly(
            "args shop shop-7 " + port + " ${OTHER}",
            "env shop shop-7 " + port + " hi-from-shop-7");
    }

    @Test
    void appendsStdoutAndStderrToTheInstanceLog() throws Exception {
        exit(launch("shop-1", List.of("sh", "-c", "echo out; echo err >&2")));
        exit(launch("shop-1", List.of("sh", "-c", "echo again")));

        assertThat(lines(dir.resolve("shop/shop-1.log"))).containsExactly("out", "err", "again");
    }

    @Test
    void writesPidFileWithPidAndStartTimesAndRemovesItWhenTheProcessEnds() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sleep", "600"));
        Path pidFile = dir.resolve("shop/shop-1.pid");
        long self = ProcessHandle.current().pid();

        assertThat(lines(pidFile)).containsExactly(
            "pid=" + child.pid(),
            "start=" + ProcStat.startTime(child.pid()),
            "owner=" + self,
            "owner-start=" + ProcStat.startTime(self));
        assertThat(ProcStat.startTime(child.pid())).startsWith("ticks:");

        child.terminate();
        assertThat(exit(child)).isEqualTo(new Exit(143, "killed by SIGTERM (exit code 143)"));
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void neverHandsOutAPortTwiceWhileItIsReserved() throws IOException {
        Set<Integer> ports = new HashSet<>();
        try {
            for (int i = 0; i < 300; i++) {
                assertThat(ports.add(Ports.reserve())).isTrue();
            }
        } finally {
            ports.forEach(Ports::release);
        }
    }

    @Test
    void terminateSignalsTheWholeProcessGroup() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sh", "-c", "sleep 600 & sleep 600 & wait"));
        await("two sleeps under sh", () -> ProcessHandle.of(child.pid()).orElseThrow().children().count() == 2);
        List<ProcessHandle> sleeps = ProcessHandle.of(child.pid()).orElseThrow().children().toList();

        child.terminate();

        assertThat(exit(child).code()).isEqualTo(143);
        for (ProcessHandle sleep : sleeps) {
            assertThat(sleep.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    @Test
    void killEndsAChildThatIgnoresTerminateAndEverythingItStarted() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sh", "-c", "trap '' TERM; sleep 600; echo done"));
        await("sleep under sh", () -> ProcessHandle.of(child.pid()).orElseThrow().children().count() == 1);
        ProcessHandle sleep = ProcessHandle.of(child.pid()).orElseThrow().children().findFirst().orElseThrow();

        child.terminate();
        Thread.sleep(300);
        assertThat(child.alive()).isTrue();
        assertThat(sleep.isAlive()).isTrue();

        child.kill();
        assertThat(exit(child)).isEqualTo(new Exit(137, "killed by SIGKILL (exit code 137)"));
        assertThat(sleep.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void childOutlivesTheThreadThatAskedForItsLaunch() throws Exception {
        assumeTrue(HAS_SETPRIV, "needs /usr/bin/setpriv");
        LocalProcess[] child = new LocalProcess[1];
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                child[0] = launch("shop-1", List.of("sleep", "600"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        caller.join();
        // Had the caller's thread forked it, PR_SET_PDEATHSIG would have killed it when that thread ended.
        Thread.sleep(500);

        assertThat(child[0].alive()).isTrue();
    }

    @Test
    void reportsCpuTimeOfABusyChildFromProcWithoutCgroups() throws Exception {
        provider = LocalProcessProvider.create(dir, HAS_SETPRIV, Duration.ofMillis(500),
            Cgroups.none("the test reads /proc"));
        LocalProcess child = launch("shop-1", List.of("sh", "-c", "while :; do :; done"));
        await("10 ms of CPU", () -> child.cpuTimeNanos().orElse(0) >= 10_000_000L);

        assertThat(child.cpuTimeNanos().orElseThrow() % ProcStat.NANOS_PER_TICK).isZero();
        child.kill();
        exit(child);
        assertThat(child.cpuTimeNanos()).isEmpty();
    }

    @Test
    void refusesACommandThatIsNotThere() {
        assertThatThrownBy(() -> launch("shop-1", List.of("no-such-program-7")))
            .isInstanceOf(IOException.class)
            .hasMessageStartingWith("command not found: no-such-program-7 (PATH=");
        assertThatThrownBy(() -> launch("shop-1", List.of("./no/such/program")))
            .hasMessageStartingWith("command not executable: ./no/such/program (from ");
    }

    /** The report's lines about pid files (the rest are about cgroups, possibly of other Horizons gone). */
    private static List<String> pidFileLines(List<String> report) {
        return report.stream().filter(l -> !l.startsWith("removed cgroup ")).toList();
    }

    /** Where cgroups are enforced: the report removed the group {@code owner} made for shop-1, and it is gone. */
    private void assertCgroupRemoved(List<String> report, long owner) {
        if (!provider().limits().enforced()) {
            return;
        }
        List<String> lines = report.stream().filter(l -> l.startsWith("removed cgroup horizon/" + owner + "-"))
            .toList();
        assertThat(lines).singleElement().asString()
            .endsWith("/shop.shop-1 of a Horizon that is gone (pid " + owner + ")");
        String group = lines.getFirst().split(" ")[2];
        for (String hierarchy : List.of("", "unified", "cpu", "cpuacct", "memory")) {
            assertThat(Path.of("/sys/fs/cgroup", hierarchy, group)).doesNotExist();
        }
    }

    /** A JVM that launches {@code sleep 600} through a provider and prints its pid. */
    private long parent(String pdeathsig, String mode, List<Process> parents) throws IOException {
        Process parent = new ProcessBuilder(Children.java(OrphanParent.class, dir.toString(), pdeathsig, mode))
            .redirectErrorStream(true).start();
        parents.add(parent);
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).startsWith("child ");
        return Long.parseLong(line.substring("child ".length()));
    }

    @Test
    void cleanupKillsTheOrphanOfAHorizonKilledWithSigkill() throws Exception {
        long child = parent("false", "wait", others);
        Process parent = others.getLast();
        parent.destroyForcibly();
        parent.waitFor();
        Path pidFile = dir.resolve("shop/shop-1.pid");
        Thread.sleep(300);
        ProcessHandle orphan = ProcessHandle.of(child).orElseThrow();
        assertThat(orphan.isAlive()).isTrue();
        assertThat(pidFile).exists();

        List<String> report = provider().cleanupOrphans();

        assertThat(pidFileLines(report)).containsExactly("killed orphan pid " + child
            + " from shop/shop-1.pid (its Horizon, pid " + parent.pid() + ", is gone)");
        assertCgroupRemoved(report, parent.pid());
        assertThat(orphan.isAlive()).isFalse();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void parentDeathSignalKillsTheChildrenOfAHorizonKilledWithSigkill() throws Exception {
        assumeTrue(HAS_SETPRIV, "needs /usr/bin/setpriv");
        long child = parent("true", "wait", others);
        ProcessHandle orphan = ProcessHandle.of(child).orElseThrow();
        others.getLast().destroyForcibly();

        assertThat(orphan.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        List<String> report = provider().cleanupOrphans();
        assertThat(pidFileLines(report)).containsExactly("removed shop/shop-1.pid: pid " + child + " is gone");
        assertCgroupRemoved(report, others.getLast().pid());
        assertThat(dir.resolve("shop/shop-1.pid")).doesNotExist();
    }

    @Test
    void shutdownHookStopsTheChildrenOfAHorizonThatExits() throws Exception {
        long child = parent("false", "exit", others);
        ProcessHandle orphan = ProcessHandle.of(child).orElse(null);

        assertThat(others.getLast().waitFor()).isZero();
        assertThat(orphan == null || !orphan.isAlive()).isTrue();
        assertThat(dir.resolve("shop/shop-1.pid")).doesNotExist();
        assertThat(pidFileLines(provider().cleanupOrphans())).isEmpty();
    }

    @Test
    void cleanupNeverSignalsAPidThatNowNamesAnotherProcess() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "600").start();
        others.add(stranger);
        Path pidFile = dir.resolve("shop/shop-9.pid");
        Files.createDirectories(pidFile.getParent());
        new PidFile(stranger.pid(), "ticks:1", 0, null).write(pidFile);

        assertThat(pidFileLines(provider().cleanupOrphans())).containsExactly(
            "removed shop/shop-9.pid: pid " + stranger.pid() + " is another process now (not signalled)");
        assertThat(stranger.isAlive()).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void cleanupLeavesTheInstanceOfALiveHorizonWhoseStartTimeWasNotRecorded() throws Exception {
        Process instance = new ProcessBuilder("sleep", "600").start();
        others.add(instance);
        Path pidFile = dir.resolve("shop/shop-9.pid");
        Files.createDirectories(pidFile.getParent());
        String start = Objects.requireNonNull(ProcStat.startTime(instance.pid()));
        new PidFile(instance.pid(), start, ProcessHandle.current().pid(), null).write(pidFile);

        assertThat(pidFileLines(provider().cleanupOrphans())).isEmpty();
        assertThat(instance.isAlive()).isTrue();
        assertThat(pidFile).exists();
    }

    @Test
    void cleanupLeavesTheInstancesOfARunningHorizonAlone() throws Exception {
        LocalProcess child = launch("shop-1", List.of("sleep", "600"));

        assertThat(pidFileLines(LocalProcessProvider.create(dir).cleanupOrphans())).isEmpty();
        assertThat(child.alive()).isTrue();
        assertThat(dir.resolve("shop/shop-1.pid")).exists();
    }

    @Test
    void cleanupRemovesAFileThatIsNotAPidFile() throws Exception {
        Path junk = dir.resolve("shop/shop-3.pid");
        Files.createDirectories(junk.getParent());
        Files.writeString(junk, "hello");

        assertThat(pidFileLines(provider().cleanupOrphans()))
            .containsExactly("removed shop/shop-3.pid: not a pid file");
        assertThat(junk).doesNotExist();
    }

    @Test
    void closeStopsEveryChild() throws Exception {
        LocalProcess a = launch("shop-1", List.of("sleep", "600"));
        LocalProcess b = launch("shop-2", List.of("sh", "-c", "trap '' TERM; echo trapped; sleep 600"));
        await("the trap", () -> lines(dir.resolve("shop/shop-2.log")).contains("trapped"));

        provider().close();

        assertThat(exit(a).code()).isEqualTo(143);
        assertThat(exit(b).code()).isEqualTo(137);
        assertThatThrownBy(() -> launch("shop-3", List.of("sleep", "1"))).hasMessage("provider closed");
    }
}
