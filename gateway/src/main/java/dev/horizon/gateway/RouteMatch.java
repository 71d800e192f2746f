package dev.horizon.gateway;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a request must look like for a route to take it: {@code match} of a route in {@code horizon.yaml}. Every
 * condition that is set must hold; an empty match takes every request.
 *
 * @param host       the request's host without port, exactly (case-insensitive), or {@code *.example.com} for any
 *                   subdomain; null for any
 * @param pathPrefix the path starts with this; null for any
 * @param pathExact  the path is exactly this (query excluded); null for any
 * @param method     the method, exactly (e.g. {@code GET}); null for any
 * @param headers    each named header is present with exactly this value (names case-insensitive)
 * @param cookies    each named cookie is present with exactly this value
 * @param query      each named query parameter is present with exactly this (decoded) value
 */
public record RouteMatch(@Nullable String host, @Nullable String pathPrefix, @Nullable String pathExact,
    @Nullable String method, Map<String, String> headers, Map<String, String> cookies, Map<String, String> query) {

    /** A match that takes every request. */
    public static final RouteMatch ANY = new RouteMatch(null, null, null, null, Map.of(), Map.of(), Map.of());

    /** Validates and freezes the maps. */
    public RouteMatch {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        cookies = Map.copyOf(Objects.requireNonNull(cookies, "cookies"));
        query = Map.copyOf(Objects.requireNonNull(query, "query"));
        if (pathPrefix != null && !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("path-prefix: '" + pathPrefix + "' (expected: starts with /)");
        }
        if (pathExact != null && !pathExact.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + pathExact + "' (expected: starts with /)");
        }
    }
}
