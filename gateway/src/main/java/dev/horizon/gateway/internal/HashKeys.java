package dev.horizon.gateway.internal;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.HashKey;
import dev.horizon.gateway.ServiceConfig;

/** The key a hash balancer places a request by, from the part of the request the service's {@code hash-on} names. */
final class HashKeys {

    private HashKeys() {
    }

    /** The request's key for {@code config}'s balancer; 0 for algorithms that do not hash. */
    static long of(Exchange e, ServiceConfig config) {
        if (!config.balance().hashing()) {
            return 0;
        }
        if (config.balance() == Algorithm.IP_HASH) {
            return HashKey.of(ipHashKey(e.client.address()));
        }
        return switch (config.hashOn().source()) {
            case CLIENT_IP -> HashKey.of(e.client.address());
            case PATH -> HashKey.of(e.view.path());
            case HEADER -> HashKey.of(e.request.headers().get(config.hashOn().name(), ""));
            case COOKIE -> {
                String value = e.view.cookie(config.hashOn().name());
                yield HashKey.of(value == null ? "" : value);
            }
        };
    }

    /** nginx's {@code ip_hash} key: the first three octets of an IPv4 address, the whole address otherwise. */
    static String ipHashKey(String address) {
        int last = address.lastIndexOf('.');
        return last > 0 && address.indexOf(':') < 0 ? address.substring(0, last) : address;
    }
}
