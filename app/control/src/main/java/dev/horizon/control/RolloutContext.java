package dev.horizon.control;

import dev.horizon.deploy.DeployConfig;
import dev.horizon.deploy.Phase;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.gateway.RevisionSplit;
import dev.horizon.gateway.ServicesView;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RolloutRun} works with: the service's fleets, its place in the gateway, its deploy settings and the
 * log.
 *
 * @param service  the service
 * @param config   its {@code deploy} block
 * @param fleets   its revisions' fleets
 * @param topology the gateway's pools and splits
 * @param view     the gateway's view, for the per-revision samples the analysis reads
 * @param notice   a line for the log ({@code horizon: shop: …})
 * @param save     writes the rollout's record now ({@link Rollouts} gives its own; a run calls it before an action
 *                 that must survive a crash, such as an abort)
 */
record RolloutContext(String service, DeployConfig config, ServiceFleets fleets, GatewayTopology topology,
                      ServicesView view, Consumer<String> notice, Consumer<RolloutRecord> save) {

    /** A context that saves nothing until {@link Rollouts} gives it its writer. */
    RolloutContext(String service, DeployConfig config, ServiceFleets fleets, GatewayTopology topology,
        ServicesView view, Consumer<String> notice) {
        this(service, config, fleets, topology, view, notice, r -> { });
    }

    /** This context with {@code writer} as its {@link #save}. */
    RolloutContext withSave(Consumer<RolloutRecord> writer) {
        return new RolloutContext(service, config, fleets, topology, view, notice, writer);
    }

    /** Writes {@code record} now. */
    void save(RolloutRecord record) {
        save.accept(record);
    }

    /** Splits requests between {@code stable} and {@code next} at {@code basisPoints} (0..10000) for the new one. */
    void split(Revision stable, Revision next, int basisPoints) {
        topology.split(service, new RevisionSplit(stable.label(), next.label(), basisPoints,
            config.previewHeader(), config.previewCookie(), config.sessionCookie()));
    }

    /** Removes the split: every instance of the service takes requests alike. */
    void unsplit() {
        topology.split(service, null);
    }

    /** {@code r}'s fleet's status now, or null when it has no fleet. */
    @Nullable FleetStatus status(Revision r) {
        var f = fleets.fleet(r.number());
        return f == null ? null : f.status();
    }

    /** Instances of {@code r} taking requests (in service or warming), 0 when it has no fleet. */
    int serving(Revision r) {
        var f = fleets.fleet(r.number());
        if (f == null) {
            return 0;
        }
        var s = f.status();
        return s.ready() + s.warming();
    }

    /** Sets {@code r}'s fleet's desired count, when it has one. */
    void desire(Revision r, int count) {
        var f = fleets.fleet(r.number());
        if (f != null) {
            f.setDesired(count);
        }
    }

    /** A line on the log about this service. */
    void say(String line) {
        notice.accept(service + ": " + line);
    }

    /** The phase {@link Phase#text()} names. */
    static Phase phase(String text) {
        for (Phase p : Phase.values()) {
            if (p.text().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("phase: '" + text + "' (expected: progressing, paused, promoted, aborted "
            + "or rolled-back)");
    }
}
