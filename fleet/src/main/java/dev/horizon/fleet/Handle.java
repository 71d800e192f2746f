package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * A launched instance as its {@link Provider} exposes it: where it listens, whether it runs, how it ended, how to
 * stop it, its size and what it uses. Thread-safe.
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

    /** The instance's size now: as launched, or as last {@link #resize resized}. */
    default Resources size() {
        return Resources.UNLIMITED;
    }

    /**
     * Changes the running instance's limits to {@code newSize} in place (the same process; a cgroup write). The caller
     * decides whether that is safe ({@link #memoryBytes()}, {@link #heapMaxBytes()}): the provider writes what it is
     * told.
     *
     * @throws IOException when the limits cannot be changed in place (the kernel refused, or the provider cannot),
     *                     with a message for people; the instance keeps its old size
     */
    default void resize(Resources newSize) throws IOException {
        throw new IOException("this provider cannot resize an instance in place");
    }

    /**
     * Memory the instance uses now, in bytes (its working set: in use minus inactive file cache, as the kubelet counts
     * it); empty when the provider cannot tell.
     */
    default OptionalLong memoryBytes() {
        return OptionalLong.empty();
    }

    /**
     * The largest heap the instance's JVM fixed at its start, in bytes: a memory limit below it cannot be honoured in
     * place. Empty when the instance is no JVM or the provider cannot tell.
     */
    default OptionalLong heapMaxBytes() {
        return OptionalLong.empty();
    }
}
