package dev.horizon.limit;

/**
 * What a rate-limit law answered for one request, with the times in the unit the caller passed.
 *
 * @param allowed    whether the request passes
 * @param tat        the state to keep: the theoretical arrival time after this decision (unchanged when refused)
 * @param remaining  requests that could pass right now after this one (0 when refused)
 * @param retryAfter when refused, the time until a request would pass; 0 when allowed
 * @param resetAfter the time until the quota is whole again (the bucket full)
 */
public record Decision(boolean allowed, long tat, long remaining, long retryAfter, long resetAfter) {
}
