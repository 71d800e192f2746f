package dev.horizon.data.cache.proof;

import dev.horizon.data.RoutingDataSource;

/** A test-only class in the cache module's package that uses the replicas module: the data core rule must catch it. */
public final class UsesTheRouter {

    private UsesTheRouter() {
    }

    /** Depends on the replicas module. */
    public static String of(RoutingDataSource ds) {
        return ds.toString();
    }
}
