package dev.horizon.fleet;

import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * A launched instance as its {@link Provider} exposes it: where it listens, whether it runs, how it ended, and how to
 * stop it. Thread-safe.
 */
public interface Handle {

    /** The instance id from the {@link LaunchRequest}. */
    String instanceId();

    /** Where the instance listens, {@code host:port}. */
    String address();

    /** Whether the instance still runs. */
    boolean alive();

    /**
     * Completes once when the instance has ended, however it ended (by itself, {@link #terminate()}, {@link #kill()});
     * never completes exceptionally.
     */
    CompletionStage<Exit> onExit();

    /** Asks the instance to stop (SIGTERM for a process); returns at once. Does nothing once it has ended. */
    void terminate();

    /** Stops the instance now (SIGKILL for a process, with anything it started); returns at once. */
    void kill();

    /**
     * CPU time the instance has used since launch, in nanoseconds, for CPU utilization; empty when the provider
     * cannot tell. May include processes the instance started.
     */
    default OptionalLong cpuTimeNanos() {
        return OptionalLong.empty();
    }
}
