package dev.horizon.fleet;

/**
 * Hears every state change of a fleet's instances, one call per {@link Transition} (the app logs
 * {@link Transition#toString()} as one line). Called on the fleet's thread in the order the changes happen: it must
 * return quickly and must not call {@link Fleet#close()}.
 */
@FunctionalInterface
public interface FleetListener {

    /** A listener that ignores everything. */
    FleetListener NONE = transition -> { };

    /** One instance changed state. */
    void onTransition(Transition transition);

    /**
     * A decision about the whole service that is no instance's transition, as one log line: {@code replacement
     * paused: all 2 instances fail health the same way (status 503)} and {@code replacement resumed: shop-1 passes
     * health again}. Ignored unless overridden.
     */
    default void onNotice(String service, String notice) {
    }
}
