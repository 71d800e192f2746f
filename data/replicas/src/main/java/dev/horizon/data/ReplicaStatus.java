package dev.horizon.data;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the lag monitor last learned about one replica.
 *
 * @param name     the replica's {@link DataNode#name()}
 * @param state    whether reads may go to it
 * @param replayed the WAL position it has replayed, {@code null} before the first sample
 * @param lagBytes how far its replay is behind the primary's WAL, in bytes ({@code -1} when unknown)
 * @param lag      how long ago the primary wrote the oldest change it has not replayed ({@code null} when unknown);
 *                 resolution is the check interval
 * @param problem  why it is {@link State#DOWN} or {@link State#LAGGING}, empty when {@link State#UP}
 */
public record ReplicaStatus(String name, State state, @Nullable CausalToken replayed, long lagBytes,
                            @Nullable Duration lag, String problem) {

    /** A replica's routing state. */
    public enum State {
        /** Not measured yet, or the measurement is stale: unknown lag counts as lagging. */
        UNKNOWN,
        /** Within the maximum lag: in the read set. */
        UP,
        /** Over the maximum lag: out of the read set until it catches up. */
        LAGGING,
        /** Unreachable or not a replica: out of the read set, retried with backoff. */
        DOWN
    }

    /** Whether reads may go to it. */
    public boolean usable() {
        return state == State.UP;
    }
}
