package dev.horizon.control;

import dev.horizon.fleet.Membership;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.ServicesView;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The gateway as a fleet's membership: an instance that joins becomes an endpoint of its service (its id in the
 * gateway is its address), draining it drains the endpoint (idle keep-alive connections close), leaving removes it.
 * {@link #revision} gives each revision's fleet its view, which labels its instances in the gateway.
 */
final class GatewayMembership implements Membership {

    private final String service;
    private final Gateway gateway;
    private final GatewayTopology topology;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();

    GatewayMembership(String service, Gateway gateway, GatewayTopology topology) {
        this.service = service;
        this.gateway = gateway;
        this.topology = topology;
    }

    @Override
    public void join(String instanceId, String address) {
        join(instanceId, address, "");
    }

    private void join(String instanceId, String address, String revision) {
        addresses.put(instanceId, address);
        topology.add(service, address, revision);
    }

    /**
     * The membership of one revision's fleet: its instances join labelled {@code label} (what a weighted split selects
     * on); everything else is this membership's, so metrics and status see every revision's instances.
     */
    Membership revision(String label) {
        GatewayMembership all = this;
        return new Membership() {
            @Override
            public void join(String instanceId, String address) {
                all.join(instanceId, address, label);
            }

            @Override
            public void drain(String instanceId) {
                all.drain(instanceId);
            }

            @Override
            public int inFlight(String instanceId) {
                return all.inFlight(instanceId);
            }

            @Override
            public void leave(String instanceId) {
                all.leave(instanceId);
            }

            @Override
            public boolean healthy(String instanceId) {
                return all.healthy(instanceId);
            }
        };
    }

    @Override
    public void drain(String instanceId) {
        String address = addresses.get(instanceId);
        if (address != null) {
            gateway.services().drain(service, address, true);
        }
    }

    @Override
    public int inFlight(String instanceId) {
        ServicesView.EndpointStatus e = endpoint(instanceId);
        return e == null ? 0 : e.inFlight();
    }

    @Override
    public void leave(String instanceId) {
        String address = addresses.remove(instanceId);
        if (address != null) {
            topology.remove(service, address);
        }
    }

    @Override
    public boolean healthy(String instanceId) {
        ServicesView.EndpointStatus e = endpoint(instanceId);
        return e != null && (e.health().equals("healthy") || e.health().equals("draining"));
    }

    /** The gateway's view of every instance that has joined, by instance id (one walk of the gateway's view). */
    Map<String, ServicesView.EndpointStatus> endpoints() {
        Map<String, String> byAddress = new HashMap<>();
        addresses.forEach((id, address) -> byAddress.put(address, id));
        Map<String, ServicesView.EndpointStatus> out = new HashMap<>();
        for (ServicesView.ServiceStatus s : gateway.services().list()) {
            if (s.name().equals(service)) {
                for (ServicesView.EndpointStatus e : s.endpoints()) {
                    String id = byAddress.get(e.id());
                    if (id != null) {
                        out.put(id, e);
                    }
                }
            }
        }
        return out;
    }

    /** The gateway's view of an instance that has joined, or null. */
    ServicesView.@Nullable EndpointStatus endpoint(String instanceId) {
        String address = addresses.get(instanceId);
        if (address == null) {
            return null;
        }
        for (ServicesView.ServiceStatus s : gateway.services().list()) {
            if (s.name().equals(service)) {
                for (ServicesView.EndpointStatus e : s.endpoints()) {
                    if (e.id().equals(address)) {
                        return e;
                    }
                }
            }
        }
        return null;
    }
}
