package dev.horizon.gateway;

import dev.horizon.balance.Endpoint;
import java.util.Objects;

/**
 * A static endpoint of a service: one entry of {@code endpoints} in {@code horizon.yaml}.
 *
 * @param address  {@code host:port}; also the endpoint's id
 * @param weight   relative share, 1..1000
 * @param zone     locality label, empty when unknown
 * @param revision the revision of the service this endpoint runs (a deployment's label, such as {@code 3}), empty
 *                 for none; a service's {@link RevisionSplit} splits requests between two revisions by this label
 */
public record EndpointConfig(String address, int weight, String zone, String revision) {

    /** Validates the components. */
    public EndpointConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(revision, "revision");
        if (!revision.isEmpty() && !RevisionSplit.isLabel(revision)) {
            throw new IllegalArgumentException("revision: '" + revision + "' (expected: letters, digits, _ . -)");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address: '" + address + "' (expected: host:port)");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address: '" + address + "' (expected: host:port)", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address: '" + address + "': port " + port + " (expected: 1..65535)");
        }
        if (weight < Endpoint.MIN_WEIGHT || weight > Endpoint.MAX_WEIGHT) {
            throw new IllegalArgumentException(
                "weight: " + weight + " (expected: " + Endpoint.MIN_WEIGHT + ".." + Endpoint.MAX_WEIGHT + ")");
        }
    }

    /** An endpoint of no particular revision. */
    public EndpointConfig(String address, int weight, String zone) {
        this(address, weight, zone, "");
    }

    /** This endpoint labelled with {@code newRevision} (empty for none). */
    public EndpointConfig withRevision(String newRevision) {
        return new EndpointConfig(address, weight, zone, newRevision);
    }

    /** The host part of the address (without IPv6 brackets). */
    public String host() {
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port part of the address. */
    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
