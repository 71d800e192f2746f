package dev.horizon.balance;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * When passive health checking ejects an endpoint and for how long: the {@code outlier} block of a service in
 * {@code horizon.yaml}, applied by {@link OutlierDetector}. Field meanings and defaults are Envoy's
 * ({@code envoy.config.cluster.v3.OutlierDetection}) except where noted.
 *
 * @param consecutive5xx                       failed requests in a row (any 5xx, connect failure, timeout or reset)
 *                                             that eject an endpoint; >= 1 (Envoy {@code consecutive_5xx})
 * @param consecutiveGatewayErrors             gateway errors in a row (502, 503, 504, connect failure, timeout or
 *                                             reset) that eject an endpoint; >= 1 (Envoy
 *                                             {@code consecutive_gateway_failure}, always enforced here)
 * @param interval                             how long an un-ejected endpoint must stay in service for its ejection
 *                                             multiplier to drop by one; > 0 (Envoy {@code interval})
 * @param baseEjection                         the first ejection's length; the n-th in a row lasts n times as long;
 *                                             > 0 (Envoy {@code base_ejection_time})
 * @param maxEjection                          the longest ejection; >= {@code baseEjection} (Envoy
 *                                             {@code max_ejection_time}, whose unset default is
 *                                             {@link #defaultMaxEjection})
 * @param maxEjectionPercent                   the largest share of the service's endpoints ejected at once, 0..100
 *                                             (Envoy {@code max_ejection_percent})
 * @param alwaysEjectOne                       whether one endpoint may be ejected while none is, whatever
 *                                             {@code maxEjectionPercent} allows (Envoy {@code always_eject_one_host},
 *                                             which defaults to false; Horizon defaults to true so that small
 *                                             services get outlier detection at all)
 * @param successfulActiveHealthCheckUnejects whether a passing active health check ends an ejection early (Envoy
 *                                             {@code successful_active_health_check_uneject_host})
 */
public record OutlierDetection(
    int consecutive5xx,
    int consecutiveGatewayErrors,
    Duration interval,
    Duration baseEjection,
    Duration maxEjection,
    int maxEjectionPercent,
    boolean alwaysEjectOne,
    boolean successfulActiveHealthCheckUnejects) {

    /** Envoy's default {@code max_ejection_time}, used when {@link #defaultMaxEjection} gets a smaller base: 300 s. */
    public static final Duration DEFAULT_MAX_EJECTION = Duration.ofSeconds(300);

    /**
     * Envoy's defaults: eject after 5 consecutive 5xx or 5 consecutive gateway errors, for 30 s × the number of
     * ejections in a row up to 300 s, at most 10 % of the endpoints at once, the multiplier decaying every 10 s, and
     * a passing active health check un-ejects. Unlike Envoy, one endpoint may always be ejected.
     */
    public static final OutlierDetection DEFAULTS = new OutlierDetection(
        5, 5, Duration.ofSeconds(10), Duration.ofSeconds(30), DEFAULT_MAX_EJECTION, 10, true, true);

    /** Validates every component; messages name the {@code horizon.yaml} key, the bad value and what was expected. */
    public OutlierDetection {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(baseEjection, "baseEjection");
        Objects.requireNonNull(maxEjection, "maxEjection");
        if (consecutive5xx < 1) {
            throw new IllegalArgumentException("consecutive-5xx: " + consecutive5xx + " (expected: >= 1)");
        }
        if (consecutiveGatewayErrors < 1) {
            throw new IllegalArgumentException(
                "consecutive-gateway-errors: " + consecutiveGatewayErrors + " (expected: >= 1)");
        }
        ConfigDurations.requirePositive("interval", interval);
        ConfigDurations.requirePositive("base-ejection", baseEjection);
        ConfigDurations.requirePositive("max-ejection", maxEjection);
        if (maxEjection.compareTo(baseEjection) < 0) {
            throw new IllegalArgumentException(
                "max-ejection: " + DurationText.format(maxEjection) + " (expected: >= base-ejection "
                    + DurationText.format(baseEjection) + ")");
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("max-ejection-percent: " + maxEjectionPercent + " (expected: 0..100)");
        }
    }

    /**
     * Envoy's {@code max_ejection_time} when only the base is configured: the larger of 300 s and {@code baseEjection}.
     */
    public static Duration defaultMaxEjection(Duration baseEjection) {
        return baseEjection.compareTo(DEFAULT_MAX_EJECTION) > 0 ? baseEjection : DEFAULT_MAX_EJECTION;
    }
}
