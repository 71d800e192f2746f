package dev.horizon.control;

import dev.horizon.deploy.DeployConfig;
import dev.horizon.deploy.Phase;
import dev.horizon.gateway.RevisionSplit;
import dev.horizon.gateway.ServicesView;
import java.util.function.Consumer;

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
 */
record RolloutContext(String service, DeployConfig config, ServiceFleets fleets, GatewayTopology topology,
                      ServicesView view, Consumer<String> notice) {

    /** Splits requests between {@code stable} and {@code next} at {@code basisPoints} (0..10000) for the new one. */
    void split(Revision stable, Revision next, int basisPoints) {
        topology.split(service, new RevisionSplit(stable.label(), next.label(), basisPoints,
            config.previewHeader(), config.previewCookie(), config.sessionCookie()));
    }

    /** Removes the split: every instance of the service takes requests alike. */
    void unsplit() {
        topology.split(service, null);
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

    /** Instances of {@code r} counting towards its desired count, 0 when it has no fleet. */
    int active(Revision r) {
        var f = fleets.fleet(r.number());
        return f == null ? 0 : f.status().active();
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
