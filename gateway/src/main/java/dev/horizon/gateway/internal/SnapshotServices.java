package dev.horizon.gateway.internal;

import dev.horizon.gateway.ServicesView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The admin view ({@link ServicesView}) of the services of whatever snapshot is current when it is asked: status,
 * drain and weight changes, the per-second recordings and the revision samples. Draining an endpoint also closes its
 * idle pooled connections ({@code closeIdle}), so nothing new is sent over them.
 */
final class SnapshotServices implements ServicesView {

    private final Supplier<Snapshot> snapshot;
    private final GatewayClock clock;
    private final Consumer<Set<String>> closeIdle;

    SnapshotServices(Supplier<Snapshot> snapshot, GatewayClock clock, Consumer<Set<String>> closeIdle) {
        this.snapshot = snapshot;
        this.clock = clock;
        this.closeIdle = closeIdle;
    }

    @Override
    public List<ServiceStatus> list() {
        List<ServiceStatus> out = new ArrayList<>();
        long now = clock.nanos();
        for (ServiceRuntime s : snapshot.get().services().values()) {
            List<EndpointStatus> endpoints = new ArrayList<>();
            for (ServiceRuntime.Member m : s.members()) {
                endpoints.add(new EndpointStatus(m.id(), s.healthOf(m).name().toLowerCase(Locale.ROOT),
                    m.weight, m.load.inFlight(), m.load.latencyEwmaNanos(now) / 1e6,
                    traffic(m.window.summary(now)), m.config.revision()));
            }
            out.add(new ServiceStatus(s.name(), s.config().balance().configName(), s.panic(),
                traffic(s.window().summary(now)), endpoints, s.config().split(), s.revisionCounts()));
        }
        out.sort(Comparator.comparing(ServiceStatus::name));
        return out;
    }

    @Override
    public boolean drain(String service, String endpoint, boolean drain) {
        ServiceRuntime s = snapshot.get().services().get(service);
        if (s == null || !s.drain(endpoint, drain)) {
            return false;
        }
        if (drain) {
            closeIdle.accept(Set.of(endpoint));
        }
        return true;
    }

    @Override
    public boolean setWeight(String service, String endpoint, int weight) {
        ServiceRuntime s = snapshot.get().services().get(service);
        return s != null && s.setWeight(endpoint, weight);
    }

    @Override
    public void resetWeights() {
        for (ServiceRuntime s : snapshot.get().services().values()) {
            s.resetWeights();
        }
    }

    @Override
    public @Nullable List<RecordedSecond> recording(String service, long fromEpochSecond) {
        ServiceRuntime s = snapshot.get().services().get(service);
        return s == null ? null : s.recording().read(fromEpochSecond, epochSecond());
    }

    @Override
    public long epochSecond() {
        return Math.floorDiv(clock.epochMillis(), 1000L);
    }

    @Override
    public Map<String, RevisionSample> takeRevisionSamples(String service) {
        ServiceRuntime s = snapshot.get().services().get(service);
        return s == null ? Map.of() : s.takeRevisionSamples();
    }

    private static ServicesView.Traffic traffic(LatencyWindow.Summary s) {
        return new ServicesView.Traffic(s.rps(), s.p50Ms(), s.p95Ms(), s.p99Ms());
    }
}
