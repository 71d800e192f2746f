package dev.horizon.fleet.internal;

import dev.horizon.fleet.Exit;
import dev.horizon.fleet.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An instance running as a local process. When the provider starts it in a session of its own ({@code setsid}), the
 * process leads a process group and every signal goes to the whole group, so a {@code sh -c} wrapper and the program
 * it runs stop together, and whatever the group still holds after the leader exits is killed: nothing outlives it.
 */
public final class LocalProcess implements Handle {

    private final String instanceId;
    private final String address;
    private final Process process;
    private final boolean ownGroup;
    private final CompletableFuture<Exit> exit = new CompletableFuture<>();

    LocalProcess(String instanceId, String address, Process process, boolean ownGroup) {
        this.instanceId = instanceId;
        this.address = address;
        this.process = process;
        this.ownGroup = ownGroup;
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

    @Override
    public OptionalLong cpuTimeNanos() {
        return process.isAlive() ? ProcStat.cpuNanosWithDescendants(process.toHandle()) : OptionalLong.empty();
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

    /** Called once the process has been reaped: kills what is left of its group, then completes {@link #onExit}. */
    void exited(int status) {
        if (ownGroup) {
            for (ProcessHandle p : ProcStat.groupMembers(process.pid())) {
                p.destroyForcibly();
            }
        }
        exit.complete(Exit.ofStatus(status));
    }

    @Override
    public String toString() {
        return instanceId + " (pid " + process.pid() + ", " + address + ")";
    }
}
