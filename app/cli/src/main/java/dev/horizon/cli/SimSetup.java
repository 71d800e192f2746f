package dev.horizon.cli;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.config.AutoscaleConfig;
import dev.horizon.config.InstancesConfig;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.config.MetricSource;
import dev.horizon.duration.DurationText;
import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.Priority;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.sim.engine.AdmissionLimit;
import dev.horizon.sim.engine.Scenario;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@code horizon.yaml} service as a simulator {@link Scenario}: its autoscale block (policy, metric sources,
 * strategy, vertical policy), its instances block (count at start, size, warm-up, drain timeout, resize policy), its
 * balancing algorithm and {@code concurrency-limit}, the gateway's backend timeout and the size catalogue; the rest
 * from the command line.
 */
final class SimSetup {

    private SimSetup() {
    }

    /**
     * The managed service {@code name}, or the only one when {@code name} is null.
     *
     * @throws IllegalArgumentException naming the managed services, with a "did you mean"
     */
    static ManagedService service(LoadedConfig config, @Nullable String name) {
        Map<String, ManagedService> managed = config.managed();
        List<String> names = List.copyOf(managed.keySet());
        if (managed.isEmpty()) {
            throw new IllegalArgumentException("no service has an instances block: the simulator simulates a service "
                + "whose instances Horizon runs");
        }
        if (name == null) {
            if (managed.size() > 1) {
                throw new IllegalArgumentException("--service: missing (expected: one of " + String.join(", ", names)
                    + ")");
            }
            return managed.values().iterator().next();
        }
        try {
            return config.managed(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--service: " + e.getMessage(), e);
        }
    }

    /**
     * The builder of {@code service}'s scenario over {@code trace} and {@code model}.
     *
     * @throws IllegalArgumentException for a metric the simulator cannot read (Prometheus, a Redis list)
     */
    static Scenario.Builder builder(LoadedConfig config, ManagedService service, Trace trace, CapacityModel model,
                                    ScalingPolicy policy, Scenario.Timings timings) {
        InstancesConfig instances = service.instances();
        AutoscaleConfig autoscale = service.autoscale();
        Scenario.Builder b = Scenario.builder(trace, model, policy).size(size(instances)).count(instances.min())
            .timings(new Scenario.Timings(timings.startToReady(), instances.warmup(), instances.drainTimeout(),
                timings.resizeDelay()))
            .resizePolicy(instances.resizePolicy()).catalog(config.sizes())
            .requestTimeout(config.gateway().timeouts().backend());
        ServiceConfig gateway = config.gateway().services().get(service.service());
        if (gateway != null) {
            b.balance(gateway.balance());
            ConcurrencyLimitConfig limit = gateway.concurrencyLimit();
            if (limit != null) {
                b.admissionLimit(admissionLimit(limit, priority(config, service.service())));
            }
        }
        if (autoscale != null) {
            b.strategy(autoscale.strategy(), autoscale.vertical());
            autoscale.sources().forEach((name, source) -> b.source(name, source(name, source)));
        } else {
            b.strategy(Strategy.HORIZONTAL, null);
        }
        return b;
    }

    /**
     * The gateway's {@code concurrency-limit} as the simulator applies it: the same limit law (the config's own
     * {@code newLimit}), the threshold of the requests' priority, and the queue if any.
     */
    static AdmissionLimit admissionLimit(ConcurrencyLimitConfig limit, Priority priority) {
        ConcurrencyLimitConfig.Queue queue = limit.queue();
        AdmissionLimit a = AdmissionLimit.of(limit::newLimit).withThreshold(priority::threshold);
        return queue == null ? a : a.withQueue(queue.size(), queue.timeout());
    }

    /**
     * The one priority the simulated requests take (a trace does not say which route a request came by): that of the
     * service's routes when they all have one, else the default, {@code normal}.
     */
    static Priority priority(LoadedConfig config, String service) {
        Set<Priority> priorities = EnumSet.noneOf(Priority.class);
        for (Route r : config.gateway().routes()) {
            if (r.service().equals(service)) {
                priorities.add(r.priority());
            }
        }
        return priorities.size() == 1 ? priorities.iterator().next() : Priority.NORMAL;
    }

    /**
     * What the simulator does with the service's {@code concurrency-limit}, for the output's header; null without
     * one.
     */
    static @Nullable String limitLine(LoadedConfig config, String service) {
        ServiceConfig gateway = config.gateway().services().get(service);
        ConcurrencyLimitConfig limit = gateway == null ? null : gateway.concurrencyLimit();
        if (limit == null) {
            return null;
        }
        String law = switch (limit.algorithm()) {
            case FIXED -> "max " + limit.max();
            case GRADIENT2 -> "adaptive gradient2, min " + limit.min() + ", max " + limit.max();
            case AIMD -> "adaptive aimd, min " + limit.min() + ", max " + limit.max() + ", timeout "
                + DurationText.format(limit.timeout());
        };
        ConcurrencyLimitConfig.Queue queue = limit.queue();
        return "gateway: concurrency-limit " + law + (queue == null ? ", no queue" : ", queue " + queue.size()
            + " for " + DurationText.format(queue.timeout())) + "; every request at priority "
            + priority(config, service).label() + " (the trace does not say which route it came by)";
    }

    /** The service's scaling policy as configured: its autoscale block's, or a fixed count between min and max. */
    static ScalingPolicy policy(ManagedService service) {
        AutoscaleConfig autoscale = service.autoscale();
        return autoscale == null ? ScalingPolicy.of(service.instances().min(), service.instances().max())
            : autoscale.policy();
    }

    /** The instances' size; without a CPU limit, their {@code cpu-request} (a core by default). */
    static Resources size(InstancesConfig instances) {
        Resources r = instances.resources();
        return r.cpu() != null ? r : r.withCpu(Cpu.millicores(instances.cpuRequestMillis()));
    }

    private static dev.horizon.sim.engine.MetricSource source(String name, MetricSource source) {
        return switch (source) {
            case MetricSource.Inflight x -> dev.horizon.sim.engine.MetricSource.INFLIGHT;
            case MetricSource.Rps x -> dev.horizon.sim.engine.MetricSource.RPS;
            case MetricSource.Cpu x -> dev.horizon.sim.engine.MetricSource.CPU;
            case MetricSource.LatencyP95 x -> dev.horizon.sim.engine.MetricSource.LATENCY_P95;
            case MetricSource.ServiceRps x -> dev.horizon.sim.engine.MetricSource.SERVICE_RPS;
            case MetricSource.Prometheus p -> throw new IllegalArgumentException("metric '" + name + "' (type "
                + "prometheus): the simulator cannot read an instance's own gauges (expected: inflight, rps, cpu or "
                + "latency-p95)");
            case MetricSource.RedisList r -> throw new IllegalArgumentException("metric '" + name + "' (type "
                + "redis-list): the simulator has no queue to read (expected: inflight, rps, cpu or latency-p95)");
        };
    }
}
