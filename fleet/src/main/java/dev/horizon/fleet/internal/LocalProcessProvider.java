package dev.horizon.fleet.internal;

import dev.horizon.duration.DurationText;
import dev.horizon.fleet.Handle;
import dev.horizon.fleet.LaunchRequest;
import dev.horizon.fleet.Limits;
import dev.horizon.fleet.Provider;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs instances as child processes on 127.0.0.1.
 *
 * <p>A launch reserves a free port ({@link Ports}), substitutes {@code ${PORT}}, {@code ${INSTANCE_ID}} and
 * {@code ${SERVICE}} in every argument and every configured environment value, exports the three as {@code PORT},
 * {@code INSTANCE_ID} and {@code SERVICE}, and starts the command without a shell, in Horizon's working directory,
 * with stdin closed and stdout and stderr appended to {@code STATE_DIR/SERVICE/INSTANCE.log}.
 *
 * <p>Implementation notes: how no process outlives Horizon.
 * <ul>
 *   <li>Horizon exits normally (or on SIGTERM/SIGINT): a JVM shutdown hook terminates every child still running and
 *       kills the ones left after the shutdown grace.
 *   <li>Horizon is killed with SIGKILL (no hook runs): when {@code /usr/bin/setpriv} exists the command runs as
 *       {@code setpriv --pdeathsig KILL -- COMMAND}, so the kernel kills the child when its parent goes. The parent,
 *       for that signal, is the thread that forked the child; {@link Launcher} is that thread and lives as long as the
 *       provider.
 *   <li>Neither: every child has a pid file holding its pid and start time and Horizon's. {@link #cleanupOrphans()}
 *       at the next start kills a child whose Horizon is gone, but only if its pid still names the same process
 *       (same start time): a pid the kernel has since given to another process is never signalled.
 *   <li>When {@code /usr/bin/setsid} exists the child leads a session and process group of its own: a Ctrl-C in
 *       Horizon's terminal reaches Horizon only (which drains the instances in order), and stop signals go to the
 *       child's whole group, so what a {@code sh -c} wrapper started stops with it.
 * </ul>
 *
 * <p>Sizes: each instance gets its own {@link Cgroup} from {@link Cgroups}, made and written before the launch, and
 * the program must be in it before its first instruction, since a JVM sizes its heap from the memory limit it sees at
 * start. So the command runs as {@code [setpriv …] [setsid] /bin/sh -c 'echo $$ > GROUP/cgroup.procs … && exec "$@"'
 * sh PROGRAM ARGS}: every step {@code exec}s the next, so the pid Java sees, the pid file's, the process group's and
 * the program's are one, and the shell joins the group before it becomes the program.
 */
public final class LocalProcessProvider implements Provider {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final Duration ORPHAN_KILL_WAIT = Duration.ofSeconds(5);

    private final Path stateDir;
    private final List<String> prefix;
    private final boolean ownGroup;
    private final Duration shutdownGrace;
    private final Cgroups cgroups;
    private final Resources capacity = Machine.capacity();
    private final Map<String, LocalProcess> byInstance = new ConcurrentHashMap<>();
    private final Launcher launcher = new Launcher("horizon-launcher");
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private record Running(LocalProcess process, Path pidFile) {
    }

    private LocalProcessProvider(Path stateDir, boolean parentDeathSignal, boolean newSession,
                                 Duration shutdownGrace, Cgroups cgroups) {
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath();
        List<String> p = new ArrayList<>();
        if (parentDeathSignal) {
            p.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        if (newSession) {
            p.add(SETSID.toString());
        }
        this.prefix = List.copyOf(p);
        this.ownGroup = newSession;
        this.shutdownGrace = shutdownGrace;
        this.cgroups = cgroups;
        cgroups.warnIfNotEnforced();
        this.shutdownHook = Thread.ofPlatform().name("horizon-provider-shutdown").unstarted(this::stopAll);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A provider using {@code setpriv} and {@code setsid} where they exist, with a 5 s shutdown grace. */
    public static LocalProcessProvider create(Path stateDir) {
        return create(stateDir, Files.isExecutable(SETPRIV));
    }

    /**
     * A provider that uses the parent-death signal only if {@code parentDeathSignal} (tests turn it off to show that
     * the shutdown hook and the pid files work on their own).
     */
    public static LocalProcessProvider create(Path stateDir, boolean parentDeathSignal) {
        return create(stateDir, parentDeathSignal, SHUTDOWN_GRACE);
    }

    /** As {@link #create(Path, boolean)}, waiting {@code shutdownGrace} between SIGTERM and SIGKILL on close. */
    static LocalProcessProvider create(Path stateDir, boolean parentDeathSignal, Duration shutdownGrace) {
        return create(stateDir, parentDeathSignal, shutdownGrace, Cgroups.detect(CGROUP_ROOT));
    }

    /** As {@link #create(Path, boolean, Duration)}, with the given cgroups (tests pass {@link Cgroups#none}). */
    static LocalProcessProvider create(Path stateDir, boolean parentDeathSignal, Duration shutdownGrace,
                                       Cgroups cgroups) {
        if (parentDeathSignal && !Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException(SETPRIV + " not found (Debian: util-linux)");
        }
        return new LocalProcessProvider(stateDir, parentDeathSignal, Files.isExecutable(SETSID), shutdownGrace,
            cgroups);
    }

    @Override
    public Limits limits() {
        return cgroups.limits();
    }

    /** This machine's cores and memory. */
    @Override
    public Resources capacity() {
        return capacity;
    }

    /**
     * The content of a file of a running instance's cgroup, e.g. {@code cpu.cfs_quota_us} or {@code memory.max},
     * stripped; empty when the instance does not run here or its group has no such file.
     */
    public Optional<String> cgroupFile(String service, String instanceId, String file) {
        LocalProcess p = byInstance.get(service + "/" + instanceId);
        return p == null ? Optional.empty() : p.cgroup().read(file);
    }

    /** A running instance's cgroup directories, one per hierarchy; none when it does not run or has no cgroup. */
    public List<Path> cgroupDirs(String service, String instanceId) {
        LocalProcess p = byInstance.get(service + "/" + instanceId);
        return p == null ? List.of() : p.cgroup().dirs();
    }

    /** Where pid files and logs go. */
    public Path stateDir() {
        return stateDir;
    }

    @Override
    public Handle launch(LaunchRequest request) throws IOException {
        if (closed) {
            throw new IOException("provider closed");
        }
        Path dir = stateDir.resolve(request.service());
        Files.createDirectories(dir);
        int port = Ports.reserve();
        Cgroup cgroup = null;
        try {
            Map<String, String> vars = Map.of("PORT", Integer.toString(port), "INSTANCE_ID", request.instanceId(),
                "SERVICE", request.service());
            String program = executable(substitute(request.command().getFirst(), vars));
            cgroup = cgroups.create(request.service(), request.instanceId(), request.resources());
            List<String> argv = new ArrayList<>(prefix);
            argv.addAll(joining(cgroup.procsFiles()));
            argv.add(program);
            for (String arg : request.command().subList(1, request.command().size())) {
                argv.add(substitute(arg, vars));
            }
            ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(request.instanceId() + ".log").toFile()));
            request.env().forEach((name, value) -> builder.environment().put(name, substitute(value, vars)));
            builder.environment().putAll(vars);

            Process process = launcher.start(builder);
            LocalProcess handle = new LocalProcess(request.instanceId(), Ports.LOOPBACK.getHostAddress() + ":" + port,
                process, ownGroup, cgroup, memoryCeiling());
            Path pidFile = dir.resolve(request.instanceId() + PidFile.SUFFIX);
            try {
                process.getOutputStream().close();
                writePidFile(process, pidFile);
            } catch (IOException | RuntimeException e) {
                handle.kill();
                throw e;
            }
            Running entry = new Running(handle, pidFile);
            running.add(entry);
            String key = request.service() + "/" + request.instanceId();
            byInstance.put(key, handle);
            process.onExit().whenComplete((p, e) -> {
                deleteQuietly(pidFile);
                Ports.release(port);
                running.remove(entry);
                byInstance.remove(key, handle);
                handle.exited(process.exitValue());
            });
            return handle;
        } catch (IOException | RuntimeException e) {
            Ports.release(port);
            if (cgroup != null) {
                cgroup.remove();
            }
            throw e;
        }
    }

    /**
     * {@code /bin/sh -c 'echo $$ > P1 && echo $$ > P2 … || exit 126; exec "$@"' sh}: the shell moves itself into the
     * group and then becomes the program with the same pid; nothing when there is no group to join.
     */
    static List<String> joining(List<Path> procsFiles) {
        if (procsFiles.isEmpty()) {
            return List.of();
        }
        List<String> writes = procsFiles.stream().map(f -> "echo $$ > " + quote(f.toString())).toList();
        String script = "{ " + String.join(" && ", writes) + "; } || { echo "
            + quote("horizon: could not join the instance's cgroup") + " >&2; exit 126; }; exec \"$@\"";
        return List.of("/bin/sh", "-c", script, "sh");
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private long memoryCeiling() {
        Memory m = capacity.memory();
        return m == null ? Long.MAX_VALUE : m.bytes();
    }

    private static void writePidFile(Process process, Path pidFile) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String start = ProcStat.startTime(process.pid());
        if (start == null) {
            return;
        }
        new PidFile(process.pid(), start, self.pid(), ProcStat.startTime(self.pid())).write(pidFile);
    }

    /** Replaces {@code ${PORT}}, {@code ${INSTANCE_ID}} and {@code ${SERVICE}}; leaves any other text alone. */
    static String substitute(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue());
        }
        return out;
    }

    /**
     * The program, checked before the launch as {@code execvp} would find it, so that a typo reads
     * {@code command not found: shopd} rather than an exit code from {@code setpriv}.
     */
    static String executable(String program) throws IOException {
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IOException("command not executable: " + program + " (from " + Path.of("").toAbsolutePath()
                    + ")");
            }
            return program;
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return program;
            }
        }
        throw new IOException("command not found: " + program + " (PATH=" + path + ")");
    }

    @Override
    public List<String> cleanupOrphans() throws IOException {
        List<String> report = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            report.addAll(cgroups.cleanupOrphans());
            return report;
        }
        try (DirectoryStream<Path> services = Files.newDirectoryStream(stateDir, Files::isDirectory)) {
            for (Path service : services) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(service, "*" + PidFile.SUFFIX)) {
                    for (Path file : files) {
                        cleanup(file, report);
                    }
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        report.addAll(cgroups.cleanupOrphans());
        return report;
    }

    private void cleanup(Path file, List<String> report) throws IOException {
        String name = stateDir.relativize(file).toString();
        PidFile pid = PidFile.read(file);
        if (pid == null) {
            Files.deleteIfExists(file);
            report.add("removed " + name + ": not a pid file");
            return;
        }
        if (pid.owner() != 0 && !new Owner(pid.owner(), pid.ownerStart()).gone()) {
            return;
        }
        if (!PidFile.running(pid.pid(), pid.start())) {
            Files.deleteIfExists(file);
            boolean reused = ProcessHandle.of(pid.pid()).isPresent();
            report.add("removed " + name + ": pid " + pid.pid()
                + (reused ? " is another process now (not signalled)" : " is gone"));
            return;
        }
        List<ProcessHandle> group = ownGroup ? ProcStat.groupMembers(pid.pid()) : List.of();
        ProcessHandle orphan = ProcessHandle.of(pid.pid()).orElse(null);
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle p : orphan == null ? group : concat(orphan, group)) {
            p.destroyForcibly();
            exits.add(p.onExit());
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                .get(ORPHAN_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            report.add("orphan pid " + pid.pid() + " from " + name + " did not exit within "
                + DurationText.rounded(ORPHAN_KILL_WAIT) + " of SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(file);
        report.add("killed orphan pid " + pid.pid() + " from " + name
            + (pid.owner() == 0 ? "" : " (its Horizon, pid " + pid.owner() + ", is gone)"));
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(first);
        rest.stream().filter(p -> p.pid() != first.pid()).forEach(all::add);
        return all;
    }

    /** Terminates every child still running, waits up to the shutdown grace, and kills the rest. */
    private void stopAll() {
        List<Running> now = List.copyOf(running);
        if (now.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> exits = new ArrayList<>();
        for (Running r : now) {
            r.process().terminate();
            exits.add(r.process().onExit().toCompletableFuture());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
        try {
            all.get(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            for (Running r : now) {
                r.process().kill();
            }
            try {
                all.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException | InterruptedException ignored) {
                // the JVM is ending; the pid files below let the next run finish the job
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running r : now) {
            if (!r.process().alive()) {
                deleteQuietly(r.pidFile());
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a pid file left behind is harmless: cleanupOrphans() checks the start time before it signals anything
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll();
        cgroups.removeOwnDirectory();
        launcher.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs (or ran) anyway
        }
    }
}
