package dev.horizon.control;

import dev.horizon.duration.DurationText;
import dev.horizon.config.ManagedService;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.fleet.Resize;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import dev.horizon.gateway.ServicesView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One managed service at run time: its fleet, its membership in the gateway and (with autoscaling) its autoscaler;
 * the admin API's view of it.
 */
final class ServiceScaling implements ManagedControl {

    private final ManagedService config;
    private final ServiceFleets fleet;
    private final GatewayMembership membership;
    private final @Nullable AutoscaleLoop autoscale;
    private final Rollouts rollouts;
    private final FleetRecording recording = new FleetRecording();
    private final @Nullable DataTierCollector dataTier;

    /**
     * The control of one managed service; {@code dataTier} reads its instances' data tier (null for a service that
     * does not speak plain HTTP, whose instances would take {@code GET /metrics} for an attack).
     */
    ServiceScaling(ManagedService config, ServiceFleets fleet, GatewayMembership membership,
        @Nullable AutoscaleLoop autoscale, Rollouts rollouts, @Nullable DataTierCollector dataTier) {
        this.dataTier = dataTier;
        this.config = config;
        this.fleet = fleet;
        this.membership = membership;
        this.autoscale = autoscale;
        this.rollouts = rollouts;
    }

    @Nullable AutoscaleLoop autoscale() {
        return autoscale;
    }

    ManagedService config() {
        return config;
    }

    ServiceFleets fleet() {
        return fleet;
    }

    @Override
    public String deploy(@Nullable List<String> command, Map<String, String> env, @Nullable String strategy) {
        StringBuilder cause = new StringBuilder("horizon deploy");
        if (command != null) {
            cause.append(" --command \"").append(String.join(" ", command)).append('"');
        }
        env.forEach((k, v) -> cause.append(" --env ").append(k).append('=').append(v));
        dev.horizon.deploy.Strategy s = null;
        if (strategy != null) {
            try {
                s = dev.horizon.deploy.Strategy.parse(strategy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("strategy: '" + strategy + "' " + e.getMessage(), e);
            }
        }
        return rollouts.deploy(command, env, s, cause.toString());
    }

    @Override
    public @Nullable RolloutRecord rollout() {
        return rollouts.status();
    }

    @Override
    public String rolloutText() {
        return RolloutText.of(config.service(), rollouts.status(), rollouts.revisions(), fleet.serving());
    }

    @Override
    public String promote(boolean full) {
        return rollouts.promote(full);
    }

    @Override
    public String abort() {
        return rollouts.abort();
    }

    @Override
    public String undo() {
        return rollouts.undo();
    }

    @Override
    public String scale(int instances) {
        int min = config.instances().min();
        int max = config.instances().max();
        if (instances < min || instances > max) {
            throw new IllegalArgumentException("instances: " + instances + " is outside " + config.service()
                + "'s min..max (" + min + ".." + max + "); change instances.min/max in the configuration to go "
                + "further");
        }
        int before = fleet.desired();
        fleet.setDesired(instances);
        AutoscaleLoop loop = autoscale;
        if (loop == null) {
            return config.service() + ": desired " + before + " -> " + instances;
        }
        loop.recordScale(before, instances);
        return config.service() + ": desired " + before + " -> " + instances + " (autoscaling is on: the autoscaler "
            + "re-evaluates every " + DurationText.format(loop.policy().period()) + " and will override this count "
            + "when its metrics call for another; see horizon explain " + config.service() + ")";
    }

    @Override
    public String resize(@Nullable Cpu cpu, @Nullable Memory memory, @Nullable String instance) {
        Resources from = instance == null ? fleet.size() : instanceSize(instance);
        Resources to = new Resources(cpu == null ? from.cpu() : cpu, memory == null ? from.memory() : memory);
        Resize r = fleet.resize(to, instance);
        StringBuilder report = new StringBuilder(r.text());
        AutoscaleLoop loop = autoscale;
        if (loop != null && loop.strategy() != Strategy.HORIZONTAL && instance == null) {
            report.append(" (autoscaling with strategy ").append(loop.strategy().text()).append(" re-evaluates every ")
                .append(DurationText.format(loop.policy().period())).append(" and will change the size when its "
                    + "metrics call for another; see horizon explain ").append(config.service()).append(')');
        }
        return report.toString();
    }

    private Resources instanceSize(String instance) {
        for (InstanceStatus i : fleet.status().instances()) {
            if (i.id().equals(instance) && i.exit() == null) {
                return i.size();
            }
        }
        throw new IllegalArgumentException("no running instance " + instance + " in service " + config.service());
    }

    @Override
    public boolean drainInstance(String instanceId) {
        try {
            fleet.drain(instanceId);
            return true;
        } catch (IllegalArgumentException noSuchInstance) {
            return false;
        }
    }

    @Override
    public FleetStatus status() {
        return fleet.status();
    }

    @Override
    public java.util.Optional<dev.horizon.autoscale.Decision> lastScaling() {
        AutoscaleLoop loop = autoscale;
        return loop == null ? java.util.Optional.empty() : loop.lastScaling();
    }

    /** The scaling decisions of the last 15 minutes ({@link FleetRecording#scalings}), the latest included. */
    @Override
    public List<DecisionNote> scalings() {
        AutoscaleLoop loop = autoscale;
        if (loop != null) {
            recording.noteScalings(loop.scalings());
        }
        return recording.scalings();
    }

    /**
     * Notes the fleet, the autoscaler's latest reading and its new scaling decisions in {@code epochSecond}, and reads
     * the instances' data tier when a read is due.
     */
    void sample(long epochSecond) {
        AutoscaleLoop loop = autoscale;
        FleetStatus status = fleet.status();
        recording.record(FleetRecording.Second.of(epochSecond, status, loop == null ? null : loop.latest()));
        if (loop != null) {
            recording.noteScalings(loop.scalings());
        }
        DataTierCollector data = dataTier;
        if (data != null) {
            data.sample(epochSecond, status);
        }
    }

    @Override
    public DataTier dataTier() {
        DataTierCollector data = dataTier;
        return data == null ? DataTier.NONE : data.latest();
    }

    @Override
    public List<FleetRecording.Second> recording(long fromEpochSecond, long toEpochSecond) {
        return recording.between(fromEpochSecond, toEpochSecond);
    }

    @Override
    public ManagedInstances instances() {
        FleetStatus s = fleet.status();
        Map<String, ServicesView.EndpointStatus> endpoints = membership.endpoints();
        List<ManagedInstances.Instance> instances = new ArrayList<>();
        for (InstanceStatus i : s.instances()) {
            instances.add(new ManagedInstances.Instance(i.id(), i.state().name().toLowerCase(Locale.ROOT),
                i.address(), i.age().toSeconds(), i.inFlight(),
                i.cpuMillicores().isPresent() ? i.cpuMillicores().getAsLong() : null, health(endpoints, i),
                i.exit() == null ? null : i.exit().cause(), i.detail(), i.size(),
                i.memoryBytes().isPresent() ? i.memoryBytes().getAsLong() : null));
        }
        return new ManagedInstances(s.service(), s.desired(), config.instances().min(), config.instances().max(),
            s.ready(), s.warming(), s.starting(), s.draining(), s.restarts(),
            s.crashLoop() == null ? null : String.valueOf(s.crashLoop()), s.replacementPaused(), instances, s.size(),
            fleet.limits().text(), s.replacing());
    }

    @Override
    public String instancesTable() {
        FleetStatus s = fleet.status();
        Map<String, ServicesView.EndpointStatus> endpoints = membership.endpoints();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s instances: desired %d (min %d, max %d); %d in service, %d warming, "
                + "%d starting, %d draining%n", s.service(), s.desired(), config.instances().min(),
            config.instances().max(), s.ready(), s.warming(), s.starting(), s.draining()));
        b.append("  size ").append(s.size()).append("; ").append(fleet.limits().text()).append('\n');
        if (s.replacing() != null) {
            b.append("  ").append(s.replacing()).append('\n');
        }
        if (s.crashLoop() != null) {
            b.append("  ").append(s.crashLoop()).append('\n');
        }
        if (s.replacementPaused() != null) {
            b.append("  ").append(s.replacementPaused()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "  %-14s %-11s %7s %9s %-12s %-15s %-12s %-10s %-21s %s%n", "INSTANCE",
            "STATE", "AGE", "IN-FLIGHT", "SIZE", "CPU", "MEMORY", "HEALTH", "ADDRESS", "DETAIL"));
        for (InstanceStatus i : s.instances()) {
            b.append(String.format(Locale.ROOT, "  %-14s %-11s %7s %9d %-12s %-15s %-12s %-10s %-21s %s%n", i.id(),
                i.state().name().toLowerCase(Locale.ROOT).replace('_', '-'), age(i.age()), i.inFlight(),
                i.size().brief(), SizeUse.cpu(i), SizeUse.memory(i), health(endpoints, i),
                i.address() == null ? "-" : i.address(), i.detail()));
        }
        return b.toString();
    }

    private static String health(Map<String, ServicesView.EndpointStatus> endpoints, InstanceStatus i) {
        ServicesView.EndpointStatus e = endpoints.get(i.id());
        return e == null ? "-" : e.health();
    }

    @Override
    public ManagedDecisions decisions() {
        AutoscaleLoop loop = autoscale;
        return new ManagedDecisions(config.service(), loop != null, loop == null ? "[]" : loop.decisionsJson());
    }

    @Override
    public String explain() {
        AutoscaleLoop loop = autoscale;
        String decisions = loop == null ? config.service() + " has no autoscale block: its instance count changes "
            + "only with horizon scale\n" : loop.explain();
        if (decisions.isEmpty()) {
            decisions = config.service() + ": no decisions yet\n";
        }
        RolloutRecord r = rollouts.status();
        return r == null ? decisions : decisions + RolloutText.of(config.service(), r, List.of(), fleet.serving());
    }

    /** {@code 45s}, {@code 12m5s}, {@code 3h2m}. */
    static String age(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        }
        return s / 3600 + "h" + s % 3600 / 60 + "m";
    }

    /** Nothing of this service is left running once this returns. */
    void close() {
        AutoscaleLoop loop = autoscale;
        if (loop != null) {
            loop.close();
        }
        rollouts.close();
        fleet.close();
    }

}
