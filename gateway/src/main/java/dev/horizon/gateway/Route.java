package dev.horizon.gateway;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code routes} in {@code horizon.yaml}: requests that {@linkplain RouteMatch match} go to
 * {@code service}. Routes are tried in order and the first match wins.
 *
 * @param name      a label for metrics and logs; defaults to the route's position ({@code route-0})
 * @param match     the conditions
 * @param service   the name of the service that serves matching requests
 * @param rateLimit the route's rate limit; null for none
 */
public record Route(String name, RouteMatch match, String service, @Nullable RateLimit rateLimit) {

    /** Validates the components. */
    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(service, "service");
        if (service.isBlank()) {
            throw new IllegalArgumentException("route " + name + ": service must not be blank");
        }
    }

    /** A route without a rate limit. */
    public Route(String name, RouteMatch match, String service) {
        this(name, match, service, null);
    }
}
