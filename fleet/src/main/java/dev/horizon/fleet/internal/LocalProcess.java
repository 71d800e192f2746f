package dev.horizon.fleet.internal;

import dev.horizon.fleet.Exit;
import dev.horizon.fleet.Handle;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An instance running as a local process. When the provider starts it in a session of its own ({@code setsid}), the
 * process leads a process group and every signal goes to the whole group, so a {@code sh -c} wrapper and the program
 * it runs stop together, and whatever the group still holds after the leader exits is killed: nothing outlives it.
 * It runs in its own {@link Cgroup}, which enforces its size, measures its CPU and memory, and is removed (after
 * killing what is left in it) before {@link #onExit()} completes.
 */
public final class LocalProcess implements Handle {

    private final String instanceId;
    private final String address;
    private final Process process;
    private final boolean ownGroup;
    private final Cgroup cgroup;
    private final Resources sizeAtStart;
    private final long machineMemory;
    private final CompletableFuture<Exit> exit = new CompletableFuture<>();

    LocalProcess(String instanceId, String address, Process process, boolean ownGroup, Cgroup cgroup,
                 long machineMemory) {
        this.instanceId = instanceId;
        this.address = address;
        this.process = process;
        this.ownGroup = ownGroup;
        this.cgroup = cgroup;
        this.sizeAtStart = cgroup.size();
        this.machineMemory = machineMemory;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public CompletionStage<Exit> onExit() {
        return exit.minimalCompletionStage();
    }

    @Override
    public void terminate() {
        for (ProcessHandle p : targets()) {
            p.destroy();
        }
    }

    @Override
    public void kill() {
        for (ProcessHandle p : targets()) {
            p.destroyForcibly();
        }
    }

    /** From the cgroup ({@code cpuacct.usage}, {@code cpu.stat}) where there is one, else from {@code /proc}. */
    @Override
    public OptionalLong cpuTimeNanos() {
        if (!process.isAlive()) {
            return OptionalLong.empty();
        }
        OptionalLong fromGroup = cgroup.cpuNanos();
        return fromGroup.isPresent() ? fromGroup : ProcStat.cpuNanosWithDescendants(process.toHandle());
    }

    @Override
    public Resources size() {
        return cgroup.size();
    }

    @Override
    public void resize(Resources newSize) throws IOException {
        cgroup.apply(newSize);
    }

    /** The cgroup's working set where there is one, else the process's resident set ({@code /proc/PID/statm}). */
    @Override
    public OptionalLong memoryBytes() {
        if (!process.isAlive()) {
            return OptionalLong.empty();
        }
        OptionalLong fromGroup = cgroup.memoryBytes();
        return fromGroup.isPresent() ? fromGroup : ProcStat.residentBytes(process.pid());
    }

    /** From {@code /proc/PID/cmdline} and {@code environ} ({@link JvmHeap}), against the memory limit at start. */
    @Override
    public OptionalLong heapMaxBytes() {
        List<String> argv = new ArrayList<>();
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        Map<String, String> env = new HashMap<>();
        for (String entry : nulSeparated(proc.resolve("environ"))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        List<String> cmdline = nulSeparated(proc.resolve("cmdline"));
        if (cmdline.isEmpty()) {
            return OptionalLong.empty();
        }
        argv.add(cmdline.getFirst());
        for (String name : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            Optional.ofNullable(env.get(name)).ifPresent(o -> argv.addAll(Arrays.asList(o.strip().split("\\s+"))));
        }
        argv.addAll(cmdline.subList(1, cmdline.size()));
        Memory limit = sizeAtStart.memory();
        return JvmHeap.maxBytes(argv, limit != null ? limit.bytes() : machineMemory);
    }

    private static List<String> nulSeparated(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The instance's cgroup, for tests that read its files back. */
    Cgroup cgroup() {
        return cgroup;
    }

    /** The leader first, then the rest of its group (or, without a group of its own, its descendants). */
    private List<ProcessHandle> targets() {
        List<ProcessHandle> targets = new ArrayList<>();
        ProcessHandle leader = process.toHandle();
        if (leader.isAlive()) {
            targets.add(leader);
        }
        List<ProcessHandle> rest = ownGroup ? ProcStat.groupMembers(process.pid()) : leader.descendants().toList();
        for (ProcessHandle p : rest) {
            if (p.pid() != leader.pid()) {
                targets.add(p);
            }
        }
        return targets;
    }

    /**
     * Called once the process has been reaped: kills what is left of its process group and its cgroup, removes the
     * cgroup, then completes {@link #onExit}.
     */
    void exited(int status) {
        if (ownGroup) {
            for (ProcessHandle p : ProcStat.groupMembers(process.pid())) {
                p.destroyForcibly();
            }
        }
        cgroup.remove();
        exit.complete(Exit.ofStatus(status));
    }

    @Override
    public String toString() {
        return instanceId + " (pid " + process.pid() + ", " + address + ")";
    }
}
