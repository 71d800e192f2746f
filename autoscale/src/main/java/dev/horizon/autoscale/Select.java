package dev.horizon.autoscale;

/** Which rate policy of a direction applies when there are several (the HPA's {@code selectPolicy}). */
public enum Select {
    /** The policy that allows the most change. */
    MAX,
    /** The policy that allows the least change. */
    MIN,
    /** No scaling in this direction at all. */
    DISABLED
}
