package dev.horizon.gateway.internal;

import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The routes of one configuration snapshot: the first whose match holds takes a request. */
final class Router {

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The first route matching the request, or null. */
    @Nullable Route route(RequestView request) {
        for (Route route : routes) {
            if (matches(route.match(), request)) {
                return route;
            }
        }
        return null;
    }

    static boolean matches(RouteMatch m, RequestView r) {
        if (m.method() != null && !m.method().equals(r.request().method().name())) {
            return false;
        }
        if (m.pathExact() != null && !m.pathExact().equals(r.path())) {
            return false;
        }
        if (m.pathPrefix() != null && !r.path().startsWith(m.pathPrefix())) {
            return false;
        }
        String host = m.host();
        if (host != null && !hostMatches(host.toLowerCase(Locale.ROOT), r.host())) {
            return false;
        }
        for (Map.Entry<String, String> h : m.headers().entrySet()) {
            if (!h.getValue().equals(r.request().headers().get(h.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> c : m.cookies().entrySet()) {
            if (!c.getValue().equals(r.cookie(c.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> q : m.query().entrySet()) {
            if (!q.getValue().equals(r.queryParameter(q.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hostMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return pattern.equals(host);
    }
}
