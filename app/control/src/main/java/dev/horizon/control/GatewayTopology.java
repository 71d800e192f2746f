package dev.horizon.control;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.RevisionSplit;
import dev.horizon.gateway.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway balances over: the configuration file's services and static endpoints, plus the managed instances
 * that are in service now. Either part changing builds the combined configuration and reloads the gateway with it,
 * under one lock, so a file reload never drops an instance and an instance joining never undoes a file reload.
 */
final class GatewayTopology {

    private final Gateway gateway;
    private GatewayConfig base;
    private final Map<String, Map<String, EndpointConfig>> managed = new LinkedHashMap<>();
    private final Map<String, RevisionSplit> splits = new LinkedHashMap<>();

    GatewayTopology(Gateway gateway) {
        this.gateway = gateway;
        this.base = gateway.config();
    }

    /**
     * Replaces the file's part; managed instances of services that remain stay in the pools. Weights set through the
     * admin API end here (they last until the next reload of the file), not when an instance joins or leaves.
     *
     * @throws IllegalArgumentException when the gateway refuses the result; nothing changes then
     */
    synchronized void base(GatewayConfig next) {
        gateway.reload(compose(next));
        gateway.services().resetWeights();
        base = next;
    }

    /**
     * Puts a managed instance into its service's pool at {@code address} ({@code host:port}), labelled with its
     * revision ({@code r2}; empty for none).
     */
    synchronized void add(String service, String address, String revision) {
        managed.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(address,
            new EndpointConfig(address, 1, "", revision));
        gateway.reload(compose(base));
    }

    /**
     * Sets (or, with null, removes) the weighted split of {@code service}'s requests across two revisions; one
     * atomic swap of the gateway's snapshot.
     */
    synchronized void split(String service, @Nullable RevisionSplit split) {
        if (split == null) {
            splits.remove(service);
        } else {
            splits.put(service, split);
        }
        gateway.reload(compose(base));
    }

    /** Takes a managed instance out of its service's pool; idle connections to it are closed. */
    synchronized void remove(String service, String address) {
        Map<String, EndpointConfig> endpoints = managed.get(service);
        if (endpoints != null && endpoints.remove(address) != null) {
            gateway.reload(compose(base));
        }
    }

    private GatewayConfig compose(GatewayConfig file) {
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceConfig> e : file.services().entrySet()) {
            Map<String, EndpointConfig> extra = managed.getOrDefault(e.getKey(), Map.of());
            ServiceConfig service = e.getValue().withSplit(splits.get(e.getKey()));
            if (extra.isEmpty()) {
                services.put(e.getKey(), service);
                continue;
            }
            List<EndpointConfig> endpoints = new ArrayList<>(e.getValue().endpoints());
            for (EndpointConfig m : extra.values()) {
                if (endpoints.stream().noneMatch(s -> s.address().equals(m.address()))) {
                    endpoints.add(m);
                }
            }
            services.put(e.getKey(), service.withEndpoints(endpoints));
        }
        return file.withRoutesAndServices(file.routes(), services);
    }
}
