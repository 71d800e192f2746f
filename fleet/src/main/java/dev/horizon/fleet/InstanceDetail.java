package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The plain-words detail of an instance in {@link FleetStatus}: what it waits for and how long is left, e.g.
 * {@code readiness 1/2: connection refused; start timeout in 28s} or {@code unhealthy for 12s (status 503); replacement
 * paused: …}. Reads the {@link Reconciler}'s state on its thread; holds none of its own.
 */
final class InstanceDetail {

    private final FleetSpec spec;
    private final Membership membership;
    private final Failures failures;

    InstanceDetail(FleetSpec spec, Membership membership, Failures failures) {
        this.spec = spec;
        this.membership = membership;
        this.failures = failures;
    }

    /**
     * What {@code i} is doing now, for {@link InstanceStatus#detail}; {@code starting} is the instance starting now
     * (if any), {@code paused} why health replacements wait, {@code replacing} how many are under way of
     * {@code limit}.
     */
    String of(Instance i, long now, @Nullable Instance starting, @Nullable String paused, int replacing,
              int limit) {
        return switch (i.state) {
            case PENDING -> {
                Instance other = starting;
                if (failures.waiting(now)) {
                    yield failures.nextStart(now);
                }
                yield other != null && failures.holdStarts(now, true)
                    ? (failures.looping() ? "crash loop" : "after a failure") + ": one start at a time, waiting for "
                    + other.id : "launching";
            }
            case STARTING -> "readiness " + i.passes + "/" + spec.readiness().rise()
                + (i.lastProbeFailure == null ? "" : ": " + i.lastProbeFailure)
                + "; start timeout in " + left(i.launchedAt + spec.startTimeout().toNanos(), now);
            case WARMING -> "warming up: " + left(i.joinedAt + spec.warmup().toNanos(), now) + " left";
            case IN_SERVICE -> i.unhealthy ? unhealthy(i, now, paused, replacing, limit) : "";
            case DRAINING -> i.reason + ": " + (i.killed ? "killed"
                : i.terminated ? "terminated, kill in " + left(i.killAt, now)
                : membership.inFlight(i.id) + " in flight, drain timeout in " + left(i.drainDeadline, now));
            case STOPPED, FAILED -> i.reason;
        };
    }

    /**
     * E.g. {@code unhealthy for 4s (status 503)}, then once the grace has passed why it is still in the pool:
     * {@code unhealthy for 12s (status 503); replacement paused: all 2 instances fail health the same way (status
     * 503)} or {@code …; waiting: 1 replacement under way (max-unhealthy-replacements 25% = 1)}.
     */
    private String unhealthy(Instance i, long now, @Nullable String paused, int replacing, int limit) {
        String text = "unhealthy for " + DurationText.rounded(Duration.ofNanos(now - i.unhealthySince))
            + (i.healthFailure == null ? "" : " (" + i.healthFailure + ")");
        if (now - i.unhealthySince < spec.unhealthyGrace().toNanos()) {
            return text;
        }
        String why = paused;
        if (why != null) {
            return text + "; " + why;
        }
        return text + "; waiting: " + replacing + (replacing == 1 ? " replacement" : " replacements")
            + " under way (max-unhealthy-replacements " + spec.maxUnhealthyReplacements() + " = " + limit + ")";
    }

    /** {@code i} as {@link InstanceStatus}, with {@code detail}. */
    InstanceStatus status(Instance i, long now, String detail) {
        return new InstanceStatus(i.id, i.state, i.address(), Duration.ofNanos(now - i.createdAt),
            Duration.ofNanos(now - i.stateSince), i.exit, i.inPool() ? membership.inFlight(i.id) : 0,
            i.cpuMillicores < 0 ? OptionalLong.empty() : OptionalLong.of(i.cpuMillicores), detail, i.size,
            i.memoryBytes < 0 || i.state.terminal() ? OptionalLong.empty() : OptionalLong.of(i.memoryBytes),
            spec.revision());
    }

    private static String left(long deadline, long now) {
        return DurationText.rounded(Duration.ofNanos(Math.max(0, deadline - now)));
    }
}
