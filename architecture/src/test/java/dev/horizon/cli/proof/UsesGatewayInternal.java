package dev.horizon.cli.proof;

import dev.horizon.gateway.internal.DataPlane;

/** A test-only class outside the gateway that uses its internal package: the architecture rules must catch it. */
public final class UsesGatewayInternal {

    private UsesGatewayInternal() {
    }

    /** Uses a gateway-internal class. */
    public static String of(DataPlane plane) {
        return plane.toString();
    }
}
