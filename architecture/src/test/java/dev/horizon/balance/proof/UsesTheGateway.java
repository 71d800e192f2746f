package dev.horizon.balance.proof;

import dev.horizon.gateway.Gateway;

/** A test-only class in {@code balance}'s package that depends on the gateway: the dependency rules must catch it. */
public final class UsesTheGateway {

    private UsesTheGateway() {
    }

    /** Depends on the gateway. */
    public static String of(Gateway g) {
        return g.toString();
    }
}
