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
}
