package dev.horizon.deploy;

/** What a rollout machine's {@code tick} asks its caller to do now. */
public enum Action {
    /** Nothing. */
    NONE,
    /**
     * An analysis interval has ended: judge the windows of that interval ({@link Analysis#judge}) and
     * {@code record} the verdict. The machine waits for it: a step never ends with an analysis outstanding.
     */
    ANALYZE,
    /** The weight changed (a new step began): send {@code weightBasisPoints()} of the requests to the new revision. */
    SET_WEIGHT,
    /**
     * The rollout is promoted: every request goes to the new revision. A canary's stable revision may drain now; a
     * blue-green's old revision stays until {@link #RETIRE_OLD}.
     */
    PROMOTED,
    /** Blue-green only: {@code scale-down-delay} has passed since the switch; the old revision may drain now. */
    RETIRE_OLD
}
