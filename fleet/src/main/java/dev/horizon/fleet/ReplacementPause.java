package dev.horizon.fleet;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether the fleet pauses replacing unhealthy instances now ({@link HealthReplacement#pause}), and the one line to
 * log when that changes. Touched only on the fleet's thread.
 */
final class ReplacementPause {

    private @Nullable String reason;

    /** Why unhealthy instances are not replaced now, or {@code null}. */
    @Nullable String reason() {
        return reason;
    }

    /**
     * Re-decides from the instances in the pool; returns the notice when the pause begins or ends, else {@code null}.
     * A pause begins only when it holds back a replacement (an instance has been unhealthy for {@code graceNanos}),
     * so a short blip logs nothing.
     */
    @Nullable String update(List<Instance> live, Membership membership, long graceNanos, long now, boolean closing) {
        List<Instance> pool = live.stream()
            .filter(i -> i.inPool() && (i.state == InstanceState.WARMING || i.state == InstanceState.IN_SERVICE))
            .toList();
        List<@Nullable String> failures = new ArrayList<>();
        for (Instance i : pool) {
            failures.add(i.unhealthy && !membership.healthy(i.id) ? i.healthFailure : null);
        }
        boolean due = pool.stream().anyMatch(i -> i.unhealthy && now - i.unhealthySince >= graceNanos);
        String next = closing || (reason == null && !due) ? null : HealthReplacement.pause(failures);
        String notice = null;
        if (next != null && reason == null) {
            notice = next + "; a shared dependency is the likely cause, so none is replaced until one recovers";
        } else if (next == null && reason != null) {
            Instance recovered = pool.stream().filter(i -> membership.healthy(i.id)).findFirst().orElse(null);
            notice = "replacement resumed: " + (recovered != null ? recovered.id + " passes health again"
                : pool.size() < HealthReplacement.SHARED_AFTER ? "fewer than " + HealthReplacement.SHARED_AFTER
                + " instances in the pool" : "the instances no longer fail the same way");
        }
        reason = next;
        return notice;
    }
}
