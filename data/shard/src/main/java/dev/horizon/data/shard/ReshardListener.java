package dev.horizon.data.shard;

import java.sql.SQLException;
import java.util.List;

/**
 * Hears a {@link Resharder}'s {@link ReshardEvent}s, on the thread that runs it, in order. An exception thrown while a
 * step runs fails that step: the resharding rolls back (and a switch attempt aborts), exactly as if the step itself
 * had failed — which is how tests inject failures. Exceptions thrown for events after the switch committed or during
 * the rollback are ignored, since nothing can be undone or redone then.
 */
@FunctionalInterface
public interface ReshardListener {

    /** Hears one event. */
    void on(ReshardEvent event) throws SQLException;

    /** A listener that hears nothing. */
    static ReshardListener none() {
        return event -> { };
    }

    /** Every one of {@code listeners}, in order. */
    static ReshardListener all(List<ReshardListener> listeners) {
        List<ReshardListener> copy = List.copyOf(listeners);
        return event -> {
            for (ReshardListener l : copy) {
                l.on(event);
            }
        };
    }
}
