package dev.horizon.control;

import dev.horizon.autoscale.InstanceSample;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.Phase;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceState;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.ServicesView;
import dev.horizon.sizing.Cpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads the autoscaler's inputs for one service: per instance from the gateway (requests in flight, requests per
 * second), from the fleet's provider (CPU) or from the instance itself (a gauge on its {@code /metrics}); for the
 * service from the gateway (p95 latency, requests per second). A Redis list's length is {@link RedisQueueLength}.
 *
 * <p>Instances map to the HPA's pod phases: starting ones are pending and not ready, warming ones run but are left out
 * of averages, draining ones are terminating (ignored), failed ones are failed (ignored).
 */
final class MetricCollector {

    /** How long a scrape, or a read of Redis, may take: well within a control period of a second. */
    static final Duration TIMEOUT = MetricsScrape.TIMEOUT;

    private final String service;
    private final Gateway gateway;
    private final GatewayMembership membership;
    private final MetricsScrape scrape = new MetricsScrape();

    MetricCollector(String service, Gateway gateway, GatewayMembership membership) {
        this.service = service;
        this.gateway = gateway;
        this.membership = membership;
    }

    /** Requests in flight per instance, as the gateway counts them. */
    MetricReading inFlight(FleetStatus fleet) {
        Map<String, ServicesView.EndpointStatus> endpoints = membership.endpoints();
        return perInstance(fleet, i -> {
            ServicesView.EndpointStatus e = endpoints.get(i.id());
            return e == null ? null : (double) e.inFlight();
        }, 0);
    }

    /** Requests per second per instance over the gateway's last ten seconds. */
    MetricReading rps(FleetStatus fleet) {
        Map<String, ServicesView.EndpointStatus> endpoints = membership.endpoints();
        return perInstance(fleet, i -> {
            ServicesView.EndpointStatus e = endpoints.get(i.id());
            return e == null ? null : e.traffic().rps();
        }, 0);
    }

    /** CPU in millicores per instance, against {@code requestMillis} each. */
    MetricReading cpu(FleetStatus fleet, long requestMillis) {
        return perInstance(fleet, i -> i.cpuMillicores().isPresent() ? (double) i.cpuMillicores().getAsLong() : null,
            requestMillis);
    }

    /**
     * CPU in millicores per instance, each against its own CPU limit (a vertical strategy changes it); an instance
     * without one reports nothing.
     */
    MetricReading cpuOfSize(FleetStatus fleet) {
        return perInstance(fleet, i -> i.size().cpu() != null && i.cpuMillicores().isPresent()
            ? (double) i.cpuMillicores().getAsLong() : null, i -> {
                Cpu limit = i.size().cpu();
                return limit == null ? 0 : limit.millicores();
            });
    }

    /** The service's p95 latency in milliseconds over the gateway's last ten seconds. */
    MetricReading latencyP95() {
        return service(ServicesView.Traffic::p95Ms);
    }

    /**
     * The service's requests per second over the gateway's last ten seconds, all instances together: the load
     * predictive scaling records ({@code load:rps}).
     */
    MetricReading serviceRps() {
        return service(ServicesView.Traffic::rps);
    }

    private MetricReading service(ToDoubleFunction<ServicesView.Traffic> figure) {
        for (ServicesView.ServiceStatus s : gateway.services().list()) {
            if (s.name().equals(service)) {
                return new MetricReading.Single(figure.applyAsDouble(s.traffic()));
            }
        }
        return new MetricReading.Failed("service " + service + " is not in the gateway");
    }

    /** A gauge scraped from each instance's {@code /metrics} in parallel; one that does not answer is missing. */
    MetricReading prometheus(FleetStatus fleet, String metric) {
        Map<String, CompletableFuture<@Nullable String>> scrapes = scrape.running(fleet);
        return perInstance(fleet, i -> {
            CompletableFuture<@Nullable String> f = scrapes.get(i.id());
            String text = f == null ? null : f.join();
            if (text == null) {
                return null;
            }
            OptionalDouble v = PrometheusText.value(text, metric);
            return v.isPresent() && v.getAsDouble() >= 0 ? v.getAsDouble() : null;
        }, 0);
    }

    /** The sum of per-instance values as one value (a Prometheus gauge with {@code target-value}). */
    static MetricReading total(MetricReading perInstance) {
        if (!(perInstance instanceof MetricReading.PerInstance p)) {
            return perInstance;
        }
        double sum = 0;
        boolean any = false;
        for (InstanceSample s : p.samples()) {
            Double v = s.value();
            if (v != null) {
                sum += v;
                any = true;
            }
        }
        return any ? new MetricReading.Single(sum) : new MetricReading.Failed("no instance reported the metric");
    }

    private static MetricReading perInstance(FleetStatus fleet, Function<InstanceStatus, @Nullable Double> value,
        double request) {
        return perInstance(fleet, value, i -> request);
    }

    private static MetricReading perInstance(FleetStatus fleet, Function<InstanceStatus, @Nullable Double> value,
        ToDoubleFunction<InstanceStatus> request) {
        List<InstanceSample> samples = new ArrayList<>();
        for (InstanceStatus i : fleet.instances()) {
            Phase phase = phase(i);
            if (phase == null) {
                continue;
            }
            boolean running = phase == Phase.RUNNING;
            Double v = running ? value.apply(i) : null;
            samples.add(new InstanceSample(i.id(), phase, running, i.state() == InstanceState.WARMING, v,
                request.applyAsDouble(i)));
        }
        return new MetricReading.PerInstance(samples);
    }

    /** The HPA phase of a fleet instance, or null for one that has ended. */
    static @Nullable Phase phase(InstanceStatus i) {
        return switch (i.state()) {
            case PENDING, STARTING -> Phase.PENDING;
            case WARMING, IN_SERVICE -> Phase.RUNNING;
            case DRAINING -> Phase.TERMINATING;
            case FAILED -> Phase.FAILED;
            case STOPPED -> null;
        };
    }
}
