package dev.horizon.balance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Passive health checking of one service's endpoints: ejects an endpoint that fails too many requests in a row and
 * brings it back after a while. The gateway reports every finished request with {@link #onResult}, calls
 * {@link #refresh} periodically (every {@link OutlierDetection#interval()} is enough) and rebuilds its {@link Pool}
 * whenever a call reports a change, marking ejected endpoints {@link Health#EJECTED}.
 *
 * <p>Contract:
 * <ul>
 *   <li>An endpoint is ejected by the result that completes {@code consecutive5xx} failures in a row (any
 *       {@link Outcome#failure() failure}) or {@code consecutiveGatewayErrors} gateway errors in a row; a success ends
 *       both streaks, a 5xx that is not a gateway error ends the gateway-error streak.</li>
 *   <li>The ejection is refused when ejecting one more endpoint would put more than {@code maxEjectionPercent} of
 *       the endpoints out, unless none is ejected and {@code alwaysEjectOne} is set. A refused ejection still ends
 *       the streak that asked for it, so the endpoint is tried again only after another full streak.</li>
 *   <li>The n-th ejection in a row lasts {@code min(baseEjection × n, maxEjection)}, where n, the multiplier, grows
 *       by one per ejection and shrinks by one for every full {@code interval} the endpoint then stays in
 *       service.</li>
 *   <li>An ejection ends at {@code ejectedAt + length} (reported by the first {@link #refresh} at or after it) or at
 *       a passing active health check ({@link #healthCheckPassed}); either way both streaks restart from 0.</li>
 *   <li>Only endpoints given to {@link #setEndpoints} are tracked; results for other ids are ignored (a request may
 *       finish after its endpoint was removed).</li>
 * </ul>
 *
 * <p>Thread-safe: results arrive from every event loop, so each method holds one internal lock, for O(1) work
 * except {@link #setEndpoints}, {@link #refresh} and {@link #ejected} (O(endpoints)). None of it is on the pick path:
 * picks read the pool rebuilt from what these methods return.
 *
 * <p>Implementation notes. Envoy's consecutive-5xx and consecutive-gateway-failure detectors in the default,
 * non-split mode ({@code source/common/upstream/outlier_detection_impl.cc}, {@code putHttpResponseCode},
 * {@code ejectHost}, {@code checkHostForUneject}, {@code onIntervalTimer}; docs
 * {@code intro/arch_overview/upstream/outlier.rst}). Exactly as Envoy: the counting above (Envoy's router reports
 * connect failures and resets as 503 and timeouts as 504, so all three are gateway errors); the cap
 * {@code 100 × (ejected + 1) / endpoints <= maxEjectionPercent}, or {@code ejected == 0} with
 * {@code always_eject_one_host}; the length {@code min(base × multiplier, max)}, the multiplier growing only while
 * {@code multiplier × base < max + base}, so it stops one step above the cap (11 for 30 s and 300 s) and the first
 * decay step after a long run of ejections does not shorten the next one; un-ejection resetting the counters; a
 * passing health check un-ejecting. Different on purpose:
 * <ul>
 *   <li>Envoy un-ejects and decays only on its interval sweep, so an ejection ends up to one interval late. Here an
 *       ejection ends exactly at its expiry and is stamped with that instant, and the multiplier drops once per full
 *       interval since the un-ejection, so the state does not depend on how often {@link #refresh} runs. For an
 *       endpoint un-ejected by Envoy's sweep the decay instants are the same.</li>
 *   <li>One endpoint may always be ejected by default. Older Envoy compared the current share,
 *       {@code 100 × ejected / endpoints < max}, which always let a first ejection through; current Envoy counts the
 *       endpoint about to be ejected and makes the exception opt-in ({@code always_eject_one_host}, Envoy 1.31,
 *       default false), so with the defaults a service of fewer than 10 endpoints ejects nothing there.</li>
 *   <li>Consecutive gateway errors are enforced; Envoy counts them but its
 *       {@code enforcing_consecutive_gateway_failure} defaults to 0 %. With both thresholds at 5 this changes
 *       nothing, since every gateway error is also a 5xx.</li>
 *   <li>Not implemented: the {@code enforcing_*} ejection probabilities (always 100 %), success-rate and
 *       failure-percentage detection, the split local-origin mode, and ejection-time jitter (Envoy's default is
 *       0).</li>
 * </ul>
 */
public final class OutlierDetector {

    /**
     * How a request to an endpoint ended, as outlier detection sees it. Report a request once, when it ends; do not
     * report requests the gateway never sent (its own limits or a client that gave up), as Envoy ignores resets
     * caused by its circuit breakers.
     */
    public enum Outcome {
        /** A response that is not a 5xx, including every 4xx: the endpoint works. */
        SUCCESS(false, false),
        /** A 5xx other than 502, 503 and 504, for example 500. */
        SERVER_ERROR(true, false),
        /** A 502, 503 or 504 response. */
        GATEWAY_ERROR(true, true),
        /** The connection to the endpoint could not be opened (Envoy reports it as a 503). */
        CONNECT_FAILURE(true, true),
        /** No response within the timeout (Envoy reports it as a 504). */
        TIMEOUT(true, true),
        /** The connection or stream was reset or closed before a full response (Envoy reports it as a 503). */
        RESET(true, true);

        private final boolean failure;
        private final boolean gatewayError;

        Outcome(boolean failure, boolean gatewayError) {
            this.failure = failure;
            this.gatewayError = gatewayError;
        }

        /**
         * The outcome of a request that got a response with this status: {@link #GATEWAY_ERROR} for 502, 503 and
         * 504, {@link #SERVER_ERROR} for any other 5xx, {@link #SUCCESS} below 500.
         *
         * @throws IllegalArgumentException when {@code status} is outside 100..599
         */
        public static Outcome ofStatus(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
            }
            if (status < 500) {
                return SUCCESS;
            }
            return status == 502 || status == 503 || status == 504 ? GATEWAY_ERROR : SERVER_ERROR;
        }

        /** Whether this counts toward {@link OutlierDetection#consecutive5xx()}: everything but {@link #SUCCESS}. */
        public boolean failure() {
            return failure;
        }

        /** Whether this also counts toward {@link OutlierDetection#consecutiveGatewayErrors()}. */
        public boolean gatewayError() {
            return gatewayError;
        }
    }

    private final OutlierDetection config;
    private final long intervalNanos;
    private final long baseNanos;
    private final long maxNanos;
    /** The multiplier grows while it is below this: Envoy's {@code multiplier × base < max + base}. */
    private final long multiplierLimit;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. In the order given to {@link #setEndpoints}. */
    private Map<String, Monitor> monitors = new LinkedHashMap<>();
    /** Guarded by {@link #lock}. */
    private int ejectedCount;

    /** A detector applying {@code config}, tracking no endpoint until {@link #setEndpoints}. */
    public OutlierDetector(OutlierDetection config) {
        this.config = Objects.requireNonNull(config, "config");
        this.intervalNanos = config.interval().toNanos();
        this.baseNanos = config.baseEjection().toNanos();
        this.maxNanos = config.maxEjection().toNanos();
        this.multiplierLimit = Math.ceilDiv(maxNanos, baseNanos) + 1;
    }

    /** The configuration this detector applies. */
    public OutlierDetection config() {
        return config;
    }

    /**
     * Sets the service's endpoints: kept ids keep their streaks, ejection and multiplier, new ids start fresh and
     * removed ids are forgotten (added again later, they start fresh). The cap on ejections counts these endpoints.
     *
     * @param ids the ids of every endpoint of the service, eligible or not; duplicates count once
     */
    public void setEndpoints(Collection<String> ids) {
        List<String> copy = new ArrayList<>(ids.size());
        for (String id : ids) {
            copy.add(Objects.requireNonNull(id, "endpoint id"));
        }
        synchronized (lock) {
            Map<String, Monitor> next = new LinkedHashMap<>();
            int ejected = 0;
            for (String id : copy) {
                if (next.containsKey(id)) {
                    continue;
                }
                Monitor monitor = monitors.get(id);
                if (monitor == null) {
                    monitor = new Monitor();
                }
                next.put(id, monitor);
                if (monitor.ejected) {
                    ejected++;
                }
            }
            monitors = next;
            ejectedCount = ejected;
        }
    }

    /**
     * Records how a request to {@code id} ended.
     *
     * @param nowNanos when it ended, on the monotonic clock every call of this detector uses
     * @return true when this result ejected the endpoint: rebuild the pool
     */
    public boolean onResult(String id, Outcome outcome, long nowNanos) {
        Objects.requireNonNull(outcome, "outcome");
        synchronized (lock) {
            Monitor m = monitors.get(id);
            if (m == null) {
                return false;
            }
            if (!outcome.failure()) {
                m.consecutive5xx = 0;
                m.consecutiveGatewayErrors = 0;
                return false;
            }
            m.consecutiveGatewayErrors = outcome.gatewayError() ? increment(m.consecutiveGatewayErrors) : 0;
            m.consecutive5xx = increment(m.consecutive5xx);
            if (m.ejected) {
                return false; // the streaks restart at un-ejection anyway
            }
            boolean tripped = false;
            if (m.consecutiveGatewayErrors >= config.consecutiveGatewayErrors()) {
                m.consecutiveGatewayErrors = 0;
                tripped = true;
            }
            if (m.consecutive5xx >= config.consecutive5xx()) {
                m.consecutive5xx = 0;
                tripped = true;
            }
            if (!tripped || !ejectionAllowed()) {
                return false;
            }
            eject(m, nowNanos);
            return true;
        }
    }

    /**
     * Ends every ejection whose time has come: at {@code nowNanos >= ejectedAt + length}, not a nanosecond before.
     *
     * @return the ids back in service, in endpoint order; empty when nothing changed
     */
    public Set<String> refresh(long nowNanos) {
        synchronized (lock) {
            if (ejectedCount == 0) {
                return Set.of();
            }
            Set<String> back = new LinkedHashSet<>();
            for (Map.Entry<String, Monitor> e : monitors.entrySet()) {
                Monitor m = e.getValue();
                if (m.ejected && nowNanos - m.ejectedAtNanos >= m.ejectionNanos) {
                    uneject(m, m.ejectedAtNanos + m.ejectionNanos);
                    back.add(e.getKey());
                }
            }
            return back.isEmpty() ? Set.of() : Collections.unmodifiableSet(back);
        }
    }

    /**
     * Ends the ejection of {@code id} because an active health check passed, when
     * {@link OutlierDetection#successfulActiveHealthCheckUnejects()} allows it. Call it only when the endpoint's
     * {@link HealthState} is {@linkplain HealthState#healthy() healthy} after the pass: like Envoy, an endpoint that
     * is failing its active checks needs {@code rise} passes first.
     *
     * @return true when this un-ejected the endpoint: rebuild the pool
     */
    public boolean healthCheckPassed(String id, long nowNanos) {
        if (!config.successfulActiveHealthCheckUnejects()) {
            return false;
        }
        synchronized (lock) {
            Monitor m = monitors.get(id);
            if (m == null || !m.ejected) {
                return false;
            }
            uneject(m, nowNanos - m.ejectedAtNanos < 0 ? m.ejectedAtNanos : nowNanos);
            return true;
        }
    }

    /** Whether {@code id} is ejected now; false for an id this detector does not track. */
    public boolean isEjected(String id) {
        synchronized (lock) {
            Monitor m = monitors.get(id);
            return m != null && m.ejected;
        }
    }

    /** The ids ejected now, in endpoint order; an immutable copy. */
    public Set<String> ejected() {
        synchronized (lock) {
            if (ejectedCount == 0) {
                return Set.of();
            }
            Set<String> ids = new LinkedHashSet<>();
            monitors.forEach((id, m) -> {
                if (m.ejected) {
                    ids.add(id);
                }
            });
            return Collections.unmodifiableSet(ids);
        }
    }

    /** When the ejection of {@code id} expires, on the detector's clock; empty when it is not ejected. */
    public OptionalLong ejectedUntilNanos(String id) {
        synchronized (lock) {
            Monitor m = monitors.get(id);
            if (m == null || !m.ejected) {
                return OptionalLong.empty();
            }
            long until = m.ejectedAtNanos + m.ejectionNanos;
            return OptionalLong.of(until < m.ejectedAtNanos ? Long.MAX_VALUE : until);
        }
    }

    /** How many times {@code id} was ejected since it joined (Envoy's {@code num_ejections}); 0 when not tracked. */
    public int timesEjected(String id) {
        synchronized (lock) {
            Monitor m = monitors.get(id);
            return m == null ? 0 : m.timesEjected;
        }
    }

    /**
     * The ejection multiplier of {@code id} at {@code nowNanos}: the current ejection lasts
     * {@code min(base × multiplier, max)}; the next one, {@code multiplier + 1} times base (within the cap). 0 for
     * an endpoint never ejected, or not tracked.
     */
    public long ejectionMultiplier(String id, long nowNanos) {
        synchronized (lock) {
            Monitor m = monitors.get(id);
            return m == null ? 0 : multiplierAt(m, nowNanos);
        }
    }

    /** Guarded by {@link #lock}: Envoy's cap on the share of ejected endpoints. */
    private boolean ejectionAllowed() {
        if ((ejectedCount + 1) * 100L <= (long) config.maxEjectionPercent() * monitors.size()) {
            return true;
        }
        return config.alwaysEjectOne() && ejectedCount == 0;
    }

    private void eject(Monitor m, long nowNanos) {
        long multiplier = multiplierAt(m, nowNanos);
        if (multiplier < multiplierLimit) {
            multiplier++;
        }
        m.multiplier = multiplier;
        m.timesEjected = increment(m.timesEjected);
        m.ejected = true;
        m.ejectedAtNanos = nowNanos;
        m.ejectionNanos = multiplier > maxNanos / baseNanos ? maxNanos : Math.min(baseNanos * multiplier, maxNanos);
        ejectedCount++;
    }

    private void uneject(Monitor m, long atNanos) {
        m.ejected = false;
        m.unejectedAtNanos = atNanos;
        m.consecutive5xx = 0;
        m.consecutiveGatewayErrors = 0;
        ejectedCount--;
    }

    private long multiplierAt(Monitor m, long nowNanos) {
        if (m.ejected || m.multiplier == 0) {
            return m.multiplier;
        }
        long inService = nowNanos - m.unejectedAtNanos;
        return inService <= 0 ? m.multiplier : Math.max(0, m.multiplier - inService / intervalNanos);
    }

    private static int increment(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }

    /** The mutable state of one endpoint, guarded by the detector's lock. */
    private static final class Monitor {
        int consecutive5xx;
        int consecutiveGatewayErrors;
        int timesEjected;
        /** As of the last ejection; decays from {@link #unejectedAtNanos} on. */
        long multiplier;
        boolean ejected;
        long ejectedAtNanos;
        long ejectionNanos;
        /** Meaningful once {@link #multiplier} > 0 and not {@link #ejected}: then the endpoint was un-ejected. */
        long unejectedAtNanos;
    }
}
