package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static dev.horizon.fleet.InstanceState.IN_SERVICE;
import static dev.horizon.fleet.InstanceState.WARMING;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Fleets under test driving real processes through the local provider, against an in-memory pool: on a
 * {@link ManualClock} (timeouts, warm-up and backoff exact to the nanosecond) or on the system clock with short
 * durations. Records every transition and notice; {@link #close()} stops every fleet it started.
 */
final class FleetRig implements AutoCloseable {

    static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final Duration TICK = Duration.ofMillis(10);

    final Path dir;
    final InMemoryMembership pool = new InMemoryMembership();
    final List<Transition> transitions = new CopyOnWriteArrayList<>();
    final List<String> notices = new CopyOnWriteArrayList<>();
    final ManualClock clock = new ManualClock();
    final List<Fleet> fleets = new ArrayList<>();
    @Nullable Provider provider;

    FleetRig(Path dir) {
        this.dir = dir;
    }

    @Override
    public void close() {
        fleets.forEach(Fleet::close);
        if (provider != null) {
            provider.close();
        }
    }

    static FleetSpec.Builder spec(List<String> command) {
        return FleetSpec.builder("shop", command).instances(1, 5).warmup(Duration.ZERO)
            .startTimeout(Duration.ofMinutes(10))
            .readiness(Probe.tcp(PROBE_INTERVAL, Duration.ofSeconds(5), 1))
            .backoff(new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(2)));
    }

    private Fleet start(FleetSpec spec, LongSupplier nanoClock) {
        if (provider == null) {
            provider = Provider.localProcesses(dir);
        }
        FleetListener listener = new FleetListener() {
            @Override
            public void onTransition(Transition transition) {
                transitions.add(transition);
            }

            @Override
            public void onNotice(String service, String notice) {
                notices.add(service + ": " + notice);
            }
        };
        Fleet fleet = Fleet.start(spec, provider, pool, listener, nanoClock, TICK);
        fleets.add(fleet);
        return fleet;
    }

    Fleet startOnSystemClock(FleetSpec spec) {
        return start(spec, System::nanoTime);
    }

    Fleet startOnManualClock(FleetSpec spec) {
        return start(spec, clock);
    }

    static @Nullable InstanceStatus find(Fleet fleet, String id) {
        return fleet.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    static InstanceStatus instance(Fleet fleet, String id) {
        InstanceStatus status = find(fleet, id);
        assertThat(status).as(id).isNotNull();
        return status;
    }

    static String address(Fleet fleet, String id) {
        return Objects.requireNonNull(instance(fleet, id).address(), id + " has no address");
    }

    static void awaitState(Fleet fleet, String id, InstanceState state) {
        await(id + " " + state, () -> {
            InstanceStatus status = find(fleet, id);
            return status != null && status.state() == state;
        });
    }

    /** On the manual clock: advances one probe interval at a time until the instance has joined the pool. */
    void awaitJoined(Fleet fleet, String id) {
        await(id + " joined", () -> {
            InstanceStatus status = find(fleet, id);
            if (status != null && (status.state() == WARMING || status.state() == IN_SERVICE)) {
                return true;
            }
            clock.advance(PROBE_INTERVAL);
            fleet.reconcileNow();
            return false;
        });
    }

    Transition transition(String id, InstanceState to) {
        return transitions.stream().filter(t -> t.instance().equals(id) && t.to() == to).findFirst().orElseThrow();
    }

    List<String> lines(String id) {
        return Children.lines(dir.resolve("shop/" + id + ".log"));
    }

    static void get(String address, String target) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read();
        } catch (IOException e) {
            // the service may exit before it answers
        }
    }

    /** On the manual clock: advances one probe interval at a time until every instance has joined the pool. */
    void awaitAllJoined(Fleet fleet, int count) {
        await(count + " in the pool", () -> {
            if (fleet.status().ready() + fleet.status().warming() == count) {
                return true;
            }
            clock.advance(PROBE_INTERVAL);
            fleet.reconcileNow();
            return false;
        });
    }

    /**
     * The transitions of {@code all} from index {@code from} on whose state is in {@code shown}, each with the count of
     * instances in service just after it (replayed from every transition since the start), and the reason of a
     * PENDING or DRAINING one: {@code shop-1 DRAINING, 1 in service: replaced for resize 1/2 by shop-3}.
     */
    static List<String> inServiceAtEachStep(List<Transition> all, int from, Set<InstanceState> shown) {
        Set<String> inService = new HashSet<>();
        List<String> steps = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            Transition t = all.get(k);
            if (t.to() == IN_SERVICE) {
                inService.add(t.instance());
            } else {
                inService.remove(t.instance());
            }
            if (k >= from && shown.contains(t.to())) {
                boolean why = t.to() == InstanceState.PENDING || t.to() == InstanceState.DRAINING;
                steps.add(t.instance() + " " + t.to() + ", " + inService.size() + " in service"
                    + (why ? ": " + t.reason() : ""));
            }
        }
        return steps;
    }
}
