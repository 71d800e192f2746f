package dev.horizon.app.scaling;

import dev.horizon.duration.DurationText;
import dev.horizon.config.ManagedService;
import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.gateway.ServicesView;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One managed service at run time: its fleet, its membership in the gateway and (with autoscaling) its autoscaler;
 * the admin API's view of it.
 */
final class ServiceScaling implements ManagedControl {

    private final ManagedService config;
    private final Fleet fleet;
    private final GatewayMembership membership;
    private final @Nullable AutoscaleLoop autoscale;

    ServiceScaling(ManagedService config, Fleet fleet, GatewayMembership membership,
        @Nullable AutoscaleLoop autoscale) {
        this.config = config;
        this.fleet = fleet;
        this.membership = membership;
        this.autoscale = autoscale;
    }

    @Nullable AutoscaleLoop autoscale() {
        return autoscale;
    }

    ManagedService config() {
        return config;
    }

    Fleet fleet() {
        return fleet;
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

    @Override
    public String instancesJson() {
        FleetStatus s = fleet.status();
        Map<String, ServicesView.EndpointStatus> endpoints = membership.endpoints();
        StringBuilder b = new StringBuilder("{\"service\":").append(Json.quote(s.service())).append(",\"desired\":")
            .append(s.desired()).append(",\"min\":").append(config.instances().min()).append(",\"max\":")
            .append(config.instances().max()).append(",\"in_service\":").append(s.ready()).append(",\"warming\":")
            .append(s.warming()).append(",\"starting\":").append(s.starting()).append(",\"draining\":")
            .append(s.draining()).append(",\"restarts\":").append(s.restarts()).append(",\"crash_loop\":")
            .append(s.crashLoop() == null ? "null" : Json.quote(String.valueOf(s.crashLoop())))
            .append(",\"replacement_paused\":")
            .append(s.replacementPaused() == null ? "null" : Json.quote(s.replacementPaused()))
            .append(",\"instances\":[");
        String sep = "";
        for (InstanceStatus i : s.instances()) {
            b.append(sep).append("{\"id\":").append(Json.quote(i.id())).append(",\"state\":")
                .append(Json.quote(i.state().name().toLowerCase(Locale.ROOT))).append(",\"address\":")
                .append(i.address() == null ? "null" : Json.quote(i.address())).append(",\"age_s\":")
                .append(i.age().toSeconds()).append(",\"in_flight\":").append(i.inFlight()).append(",\"cpu_m\":")
                .append(i.cpuMillicores().isPresent() ? Long.toString(i.cpuMillicores().getAsLong()) : "null")
                .append(",\"health\":").append(Json.quote(health(endpoints, i))).append(",\"exit\":")
                .append(i.exit() == null ? "null" : Json.quote(i.exit().cause())).append(",\"detail\":")
                .append(Json.quote(i.detail())).append('}');
            sep = ",";
        }
        return b.append("]}").toString();
    }

    @Override
    public String instancesTable() {
        FleetStatus s = fleet.status();
        Map<String, ServicesView.EndpointStatus> endpoints = membership.endpoints();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s instances: desired %d (min %d, max %d); %d in service, %d warming, "
                + "%d starting, %d draining%n", s.service(), s.desired(), config.instances().min(),
            config.instances().max(), s.ready(), s.warming(), s.starting(), s.draining()));
        if (s.crashLoop() != null) {
            b.append("  ").append(s.crashLoop()).append('\n');
        }
        if (s.replacementPaused() != null) {
            b.append("  ").append(s.replacementPaused()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "  %-14s %-11s %7s %9s %7s %-10s %-21s %s%n", "INSTANCE", "STATE", "AGE",
            "IN-FLIGHT", "CPU(m)", "HEALTH", "ADDRESS", "DETAIL"));
        for (InstanceStatus i : s.instances()) {
            b.append(String.format(Locale.ROOT, "  %-14s %-11s %7s %9d %7s %-10s %-21s %s%n", i.id(),
                i.state().name().toLowerCase(Locale.ROOT).replace('_', '-'), age(i.age()), i.inFlight(),
                i.cpuMillicores().isPresent() ? Long.toString(i.cpuMillicores().getAsLong()) : "-",
                health(endpoints, i), i.address() == null ? "-" : i.address(), i.detail()));
        }
        return b.toString();
    }

    private static String health(Map<String, ServicesView.EndpointStatus> endpoints, InstanceStatus i) {
        ServicesView.EndpointStatus e = endpoints.get(i.id());
        return e == null ? "-" : e.health();
    }

    @Override
    public String decisionsJson() {
        AutoscaleLoop loop = autoscale;
        return "{\"service\":" + Json.quote(config.service()) + ",\"autoscaling\":" + (loop != null)
            + ",\"decisions\":" + (loop == null ? "[]" : loop.decisionsJson()) + "}";
    }

    @Override
    public String explain() {
        AutoscaleLoop loop = autoscale;
        if (loop == null) {
            return config.service() + " has no autoscale block: its instance count changes only with horizon scale\n";
        }
        String decisions = loop.explain();
        return decisions.isEmpty() ? config.service() + ": no decisions yet\n" : decisions;
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
        fleet.close();
    }

}
