package dev.horizon.fleet;

import dev.horizon.fleet.internal.LocalProcessProvider;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts instances and hands back {@link Handle}s; the only part of the fleet that knows what an instance is made of
 * (a local process today, a Kubernetes pod later). Thread-safe; one provider may serve many fleets.
 */
public interface Provider extends AutoCloseable {

    /**
     * Starts one instance and returns its handle once it has been started (not once it is ready: the fleet probes).
     *
     * @throws IOException when the instance cannot be started at all, with a message for people (e.g.
     *                     {@code command not found: shopd})
     */
    Handle launch(LaunchRequest request) throws IOException;

    /**
     * Stops instances that an earlier run of Horizon left behind (it was killed before it could stop them) and
     * forgets them; call once at startup, before starting fleets. Returns one line per instance found, for the log.
     */
    List<String> cleanupOrphans() throws IOException;

    /**
     * Whether the sizes in {@link LaunchRequest#resources()} are enforced, and how or why not; shown by
     * {@code horizon status} ({@code limits not enforced: …}). The default: not enforced.
     */
    default Limits limits() {
        return Limits.notEnforced(getClass().getSimpleName() + " enforces no limits");
    }

    /**
     * The largest size one instance can have here (a local provider: this machine's cores and memory), so that a
     * bigger one is refused with {@link Resources#over}; {@link Resources#UNLIMITED} when there is no ceiling (the
     * default).
     */
    default Resources capacity() {
        return Resources.UNLIMITED;
    }

    /** Stops every instance this provider started that still runs, and releases the provider. */
    @Override
    void close();

    /**
     * Instances as local processes on 127.0.0.1, their pid files and logs under {@code stateDir}
     * ({@code stateDir/SERVICE/INSTANCE.pid} and {@code .log}); see {@code docs/fleet.md} for how it leaves no
     * orphans. Each instance runs in a cgroup of its own that enforces its size (cgroup v2, else v1, under
     * {@code /sys/fs/cgroup}); where none can be made, it logs one warning and {@link #limits()} says why.
     * Registers a JVM shutdown hook that stops the processes still running when Horizon exits.
     */
    static Provider localProcesses(Path stateDir) {
        return LocalProcessProvider.create(stateDir);
    }
}
