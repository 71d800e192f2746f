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
 * @param priority  which of the service's requests are refused first when it is over its concurrency limit
 * @param httpsRedirect whether a request that arrived on the plain listener is answered with a redirect to the same
 *                  URL over HTTPS instead of reaching {@code service} (over TLS the route serves as usual)
 */
public record Route(String name, RouteMatch match, String service, @Nullable RateLimit rateLimit, Priority priority,
    boolean httpsRedirect) {

    /** Validates the components. */
    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(priority, "priority");
        if (service.isBlank()) {
            throw new IllegalArgumentException("route " + name + ": service must not be blank");
        }
    }

    /** A route without an HTTPS redirect. */
    public Route(String name, RouteMatch match, String service, @Nullable RateLimit rateLimit, Priority priority) {
        this(name, match, service, rateLimit, priority, false);
    }

    /** A route of normal priority. */
    public Route(String name, RouteMatch match, String service, @Nullable RateLimit rateLimit) {
        this(name, match, service, rateLimit, Priority.NORMAL);
    }

    /** A route of normal priority without a rate limit. */
    public Route(String name, RouteMatch match, String service) {
        this(name, match, service, null);
    }
}
