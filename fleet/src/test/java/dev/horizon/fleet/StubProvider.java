package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Instances without processes, for the fleet's decisions alone: each one "listens" on one shared loopback socket (so
 * a TCP readiness probe passes), uses a fixed amount of memory and the CPU time a test sets ({@link #cpuTime}), takes
 * an in-place resize, and ends when told to (or at once, for the launches {@link #crashNext} names).
 */
final class StubProvider implements Provider {

    private final ServerSocket socket;
    private final Limits limits;
    private final long memoryBytes;
    private final AtomicInteger crashes = new AtomicInteger();
    private final Map<String, Long> cpuNanos = new ConcurrentHashMap<>();

    /** Instances that each use {@code memoryBytes}, under {@code limits}. */
    StubProvider(Limits limits, long memoryBytes) {
        this.limits = limits;
        this.memoryBytes = memoryBytes;
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on {@code instanceId} has used {@code nanos} of CPU time since its launch (none reported before). */
    void cpuTime(String instanceId, long nanos) {
        cpuNanos.put(instanceId, nanos);
    }

    /** The next {@code count} instances launched exit at once with status 1, before they can be ready. */
    void crashNext(int count) {
        crashes.set(count);
    }

    @Override
    public Handle launch(LaunchRequest request) {
        Stub stub = new Stub(request.instanceId(), request.resources());
        if (crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            stub.exit.complete(Exit.ofStatus(1));
        }
        return stub;
    }

    @Override
    public List<String> cleanupOrphans() {
        return List.of();
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Stub implements Handle {

        private final String id;
        private final CompletableFuture<Exit> exit = new CompletableFuture<>();
        private volatile Resources size;

        Stub(String id, Resources size) {
            this.id = id;
            this.size = size;
        }

        @Override
        public String instanceId() {
            return id;
        }

        @Override
        public String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public boolean alive() {
            return !exit.isDone();
        }

        @Override
        public CompletionStage<Exit> onExit() {
            return exit;
        }

        @Override
        public void terminate() {
            exit.complete(Exit.ofStatus(143));
        }

        @Override
        public void kill() {
            exit.complete(Exit.ofStatus(137));
        }

        @Override
        public Resources size() {
            return size;
        }

        @Override
        public void resize(Resources newSize) {
            size = newSize;
        }

        @Override
        public OptionalLong memoryBytes() {
            return OptionalLong.of(memoryBytes);
        }

        @Override
        public OptionalLong cpuTimeNanos() {
            Long nanos = cpuNanos.get(id);
            return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos);
        }
    }
}
