package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CPU utilization as the fleet derives it from {@link Handle#cpuTimeNanos()}: exact, with a provider whose instances
 * are a listening socket and a CPU counter the test sets (a real process's CPU time cannot be dictated).
 */
class FleetCpuTest {

    private final ServerSocket listener;
    private final ManualClock clock = new ManualClock();
    private final Map<String, StubHandle> handles = new ConcurrentHashMap<>();

    FleetCpuTest() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void closeListener() throws IOException {
        listener.close();
    }

    private final class StubHandle implements Handle {
        private final String id;
        private final AtomicLong cpu = new AtomicLong();
        private final CompletableFuture<Exit> exit = new CompletableFuture<>();

        StubHandle(String id) {
            this.id = id;
        }

        @Override
        public String instanceId() {
            return id;
        }

        @Override
        public String address() {
            return "127.0.0.1:" + listener.getLocalPort();
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
        public OptionalLong cpuTimeNanos() {
            return OptionalLong.of(cpu.get());
        }
    }

    private final Provider stubs = new Provider() {
        @Override
        public Handle launch(LaunchRequest request) {
            StubHandle handle = new StubHandle(request.instanceId());
            handles.put(request.instanceId(), handle);
            return handle;
        }

        @Override
        public List<String> cleanupOrphans() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };

    private static OptionalLong cpu(Fleet fleet) {
        return fleet.instances().getFirst().cpuMillicores();
    }

    @Test
    void reportsMillicoresOverTheLastSecond() {
        FleetSpec spec = FleetSpec.builder("shop", List.of("anything")).warmup(Duration.ZERO).build();
        try (Fleet fleet = Fleet.start(spec, stubs, new InMemoryMembership(), FleetListener.NONE, clock,
            Duration.ofMillis(10))) {
            fleet.reconcileNow();
            StubHandle shop1 = Objects.requireNonNull(handles.get("shop-1"));
            assertThat(cpu(fleet)).isEmpty();

            shop1.cpu.set(250_000_000L);
            clock.advance(Duration.ofSeconds(1));
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEqualTo(OptionalLong.of(250));

            shop1.cpu.set(1_250_000_000L);
            clock.advance(Duration.ofMillis(500));
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEqualTo(OptionalLong.of(250));

            shop1.cpu.set(2_750_000_000L);
            clock.advance(Duration.ofMillis(500));
            fleet.reconcileNow();
            assertThat(cpu(fleet)).isEqualTo(OptionalLong.of(2500));
        }
    }
}
