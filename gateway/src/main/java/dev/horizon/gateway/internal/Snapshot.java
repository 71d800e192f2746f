package dev.horizon.gateway.internal;

import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.RateLimit;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.ServiceConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One immutable configuration as the data plane runs it: the router, the services' runtimes and the settings every
 * exchange reads. A request reads the snapshot current when its head arrives and keeps it to the end, so a reload
 * never changes the rules under a request in flight.
 *
 * @param config   the configuration it was built from
 * @param router   the routes
 * @param services the services' runtimes by name
 * @param trusted  the trusted proxies
 * @param limiters the rate limits by route name, of the routes that have one
 */
record Snapshot(GatewayConfig config, Router router, Map<String, ServiceRuntime> services, TrustedProxies trusted,
    Map<String, RouteLimiter> limiters) {

    /** {@link #build(GatewayConfig, Snapshot, LongSupplier, RedisLimits)} without Redis: global limits find it down. */
    static Snapshot build(GatewayConfig config, @Nullable Snapshot previous, LongSupplier nanoClock) {
        return build(config, previous, nanoClock, null);
    }

    /**
     * Builds a snapshot; services whose configuration is unchanged keep their runtime (health, ejections, counters),
     * changed ones start from the previous runtime's endpoint state; a route whose rate limit is unchanged keeps its
     * buckets and counters.
     */
    static Snapshot build(GatewayConfig config, @Nullable Snapshot previous, LongSupplier nanoClock,
        @Nullable RedisLimits redis) {
        Map<String, ServiceRuntime> services = new HashMap<>();
        for (ServiceConfig s : config.services().values()) {
            ServiceRuntime old = previous == null ? null : previous.services.get(s.name());
            services.put(s.name(), old != null && old.config().equals(s) ? old : new ServiceRuntime(s, old, nanoClock));
        }
        Map<String, RouteLimiter> limiters = new HashMap<>();
        for (Route r : config.routes()) {
            RateLimit limit = r.rateLimit();
            if (limit != null) {
                RouteLimiter old = previous == null ? null : previous.limiters.get(r.name());
                String uri = limit.redis();
                limiters.put(r.name(), old != null && old.limit().equals(limit) ? old
                    : new RouteLimiter(r.name(), limit, uri == null || redis == null ? null : redis.of(uri)));
            }
        }
        return new Snapshot(config, new Router(config.routes()), Map.copyOf(services),
            TrustedProxies.parse(config.trustedProxies()), Map.copyOf(limiters));
    }

    /**
     * The endpoints of the services whose {@code tls} settings differ in {@code next}: the connections pooled to
     * them were opened with the old settings (plain, or another CA or server name), so none may be reused.
     */
    Set<String> tlsChangedIn(Snapshot next) {
        Set<String> ids = new HashSet<>();
        next.services().forEach((name, s) -> {
            ServiceRuntime old = services().get(name);
            if (old != null && old.backendTls() != s.backendTls()) {
                s.members().forEach(m -> ids.add(m.id()));
            }
        });
        return ids;
    }
}
