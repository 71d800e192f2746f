package dev.horizon.control;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The end of a rollout: once it has ended, the losing revision's fleet is retiring (draining, then stopping); the
 * gateway's split stays until it has stopped, so none of its instances takes an ordinary request meanwhile, and then
 * goes: the rollout is settled. Touched only under the {@link Rollouts} lock.
 */
final class Retirement {

    private @Nullable CompletableFuture<Void> retiring;
    private boolean settled;

    /** The rollout has ended; {@code losing} completes when the losing revision's last instance has stopped. */
    void begin(CompletableFuture<Void> losing) {
        retiring = losing;
    }

    /** Whether the rollout has ended. */
    boolean ended() {
        return retiring != null;
    }

    /** Removes the split once the losing revision has stopped; returns whether the rollout is settled. */
    boolean settle(RolloutContext c) {
        CompletableFuture<Void> r = retiring;
        if (!settled && r != null && r.isDone()) {
            c.unsplit();
            settled = true;
        }
        return settled;
    }

    /** Whether nothing is left to drive. */
    boolean settled() {
        return settled;
    }
}
