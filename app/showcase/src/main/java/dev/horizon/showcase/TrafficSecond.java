package dev.horizon.showcase;

/**
 * One second of the shop's requests as the gateway recorded them (counted in the second they arrived in, once they
 * ended), for the files {@code horizon demo} writes.
 *
 * @param epochSecond the second, since 1970-01-01T00:00:00Z
 * @param arrivals    requests that arrived in it
 * @param served      of those, answered 1xx to 4xx
 * @param rejected    answered 5xx other than 504
 * @param timedOut    answered 504
 * @param p50Ms       median latency of the requests that ended in it, in milliseconds; NaN when none did
 * @param p95Ms       their 95th percentile, NaN when none
 * @param p99Ms       their 99th percentile, NaN when none
 */
public record TrafficSecond(long epochSecond, long arrivals, long served, long rejected, long timedOut, double p50Ms,
                            double p95Ms, double p99Ms) {
}
