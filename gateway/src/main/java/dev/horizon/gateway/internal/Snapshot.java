package dev.horizon.gateway.internal;

import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.ServiceConfig;
import java.util.HashMap;
import java.util.Map;
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
 */
record Snapshot(GatewayConfig config, Router router, Map<String, ServiceRuntime> services, TrustedProxies trusted) {

    /**
     * Builds a snapshot; services whose configuration is unchanged keep their runtime (health, ejections, counters),
     * changed ones start from the previous runtime's endpoint state.
     */
    static Snapshot build(GatewayConfig config, @Nullable Snapshot previous, LongSupplier nanoClock) {
        Map<String, ServiceRuntime> services = new HashMap<>();
        for (ServiceConfig s : config.services().values()) {
            ServiceRuntime old = previous == null ? null : previous.services.get(s.name());
            services.put(s.name(), old != null && old.config().equals(s) ? old : new ServiceRuntime(s, old, nanoClock));
        }
        return new Snapshot(config, new Router(config.routes()), Map.copyOf(services),
            TrustedProxies.parse(config.trustedProxies()));
    }
}
