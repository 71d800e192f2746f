package dev.horizon.config;

import dev.horizon.gateway.Priority;
import dev.horizon.gateway.RateLimit;
import dev.horizon.gateway.RateLimitKey;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.spelling.Spelling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code routes} list of {@code horizon.yaml}, read into {@link Route}s. Beyond what the records check, a route
 * must name a configured service (reported at its {@code service} line), route names are unique, and the match
 * conditions are refused where they could never match: a lower-case method, a host with a port.
 */
final class RouteSection {

    static final List<String> ROUTE_KEYS = List.of("name", "match", "service", "rate-limit", "priority",
        "https-redirect");
    static final List<String> RATE_LIMIT_KEYS = List.of("requests", "per", "burst", "key", "scope", "mode", "redis",
        "on-redis-down", "headers");
    static final List<String> MATCH_KEYS = List.of("host", "path-prefix", "path", "method", "header", "cookie",
        "query");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Z-]+");
    private static final Pattern HOST =
        Pattern.compile("(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*|\\[[0-9A-Fa-f:.]+\\]");

    private RouteSection() {
    }

    /** The routes configured by {@code node} (absent: none), each naming one of {@code services} (in file order). */
    static List<Route> read(@Nullable ConfigNode node, Set<String> services) {
        if (node == null) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        for (ConfigNode item : node.list()) {
            ConfigMap r = item.map(ROUTE_KEYS);
            ConfigNode nameNode = r.get("name");
            String name = nameNode == null ? "route-" + routes.size() : nameNode.text();
            Integer first = nameLines.putIfAbsent(name, item.line());
            if (first != null) {
                throw (nameNode != null ? nameNode : item).error(
                    "duplicate route name '" + name + "' (first at line " + first + ")");
            }
            ConfigNode matchNode = r.get("match");
            RouteMatch match = matchNode == null ? RouteMatch.ANY : match(matchNode.map(MATCH_KEYS));
            String service = service(r, services);
            ConfigNode limitNode = r.get("rate-limit");
            RateLimit limit = limitNode == null ? null : rateLimit(limitNode.map(RATE_LIMIT_KEYS));
            Priority priority = choice(r, "priority", Priority.class, Priority.NORMAL);
            boolean redirect = r.bool("https-redirect", false);
            routes.add(r.build(() -> new Route(name, match, service, limit, priority, redirect)));
        }
        return routes;
    }

    /**
     * The {@code service} key of a route or a {@code tcp} listener: required, and one of {@code services}, else an
     * error at its line naming the known ones and the closest.
     */
    static String service(ConfigMap m, Set<String> services) {
        ConfigNode serviceNode = m.require("service");
        String service = serviceNode.text();
        if (!services.contains(service)) {
            String known = services.isEmpty() ? "none" : String.join(", ", services);
            throw serviceNode.error("unknown service '" + service + "' (known: " + known + ")"
                + Spelling.hint(service, services));
        }
        return service;
    }

    private static RouteMatch match(ConfigMap m) {
        String host = m.textOrNull("host");
        if (host != null && !HOST.matcher(host).matches()) {
            throw m.require("host").error(
                "'" + host + "' (expected: a host name without port, e.g. shop.local or *.shop.local)");
        }
        String method = m.textOrNull("method");
        if (method != null && !METHOD.matcher(method).matches()) {
            throw m.require("method").error("'" + method + "' (expected: a method in upper case, e.g. GET)");
        }
        String pathPrefix = m.textOrNull("path-prefix");
        String path = m.textOrNull("path");
        Map<String, String> headers = pairs(m.get("header"), true);
        Map<String, String> cookies = pairs(m.get("cookie"), true);
        Map<String, String> query = pairs(m.get("query"), false);
        return m.build(() -> new RouteMatch(host, pathPrefix, path, method, headers, cookies, query));
    }

    /**
     * A route's {@code rate-limit}: {@code requests} and {@code per} are required; {@code burst} defaults to
     * {@code requests}, {@code key} to {@code client-ip}, {@code scope} to {@code local}, {@code mode} to
     * {@code enforce}, {@code on-redis-down} to {@code open}, {@code headers} to true; {@code redis} is required for
     * (and only allowed with) {@code scope: global}.
     */
    private static RateLimit rateLimit(ConfigMap m) {
        int requests = m.require("requests").integer();
        Duration per = m.require("per").duration();
        int burst = m.integer("burst", requests);
        ConfigNode keyNode = m.get("key");
        RateLimitKey key = RateLimitKey.CLIENT_IP;
        if (keyNode != null) {
            try {
                key = RateLimitKey.parse(keyNode.text());
            } catch (IllegalArgumentException e) {
                throw keyNode.error(String.valueOf(e.getMessage()));
            }
        }
        RateLimit.Scope scope = choice(m, "scope", RateLimit.Scope.class, RateLimit.Scope.LOCAL);
        RateLimit.Mode mode = choice(m, "mode", RateLimit.Mode.class, RateLimit.Mode.ENFORCE);
        RateLimit.RedisDown down = choice(m, "on-redis-down", RateLimit.RedisDown.class, RateLimit.RedisDown.OPEN);
        String redis = m.textOrNull("redis");
        boolean headers = m.bool("headers", true);
        RateLimitKey k = key;
        return m.build(() -> new RateLimit(requests, per, burst, k, scope, mode, redis, down, headers));
    }

    /** One of an enum's constants, written in lower case with dashes. */
    private static <E extends Enum<E>> E choice(ConfigMap m, String name, Class<E> type, E absent) {
        ConfigNode node = m.get(name);
        if (node == null) {
            return absent;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String written = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (written.equals(node.text())) {
                return e;
            }
            names.add(written);
        }
        throw node.error("'" + node.text() + "' (expected: " + String.join(" | ", names) + ")"
            + Spelling.hint(node.text(), names));
    }

    /** A {@code header}, {@code cookie} or {@code query} mapping of names to exact values. */
    private static Map<String, String> pairs(@Nullable ConfigNode node, boolean tokenNames) {
        if (node == null) {
            return Map.of();
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : node.anyMap().entries().entrySet()) {
            if (e.getKey().isEmpty() || tokenNames && !TOKEN.matcher(e.getKey()).matches()) {
                throw node.error(e.getValue().line(), "'" + e.getKey() + "' (expected: a name of letters, digits and "
                    + "!#$%&'*+.^_`|~-)");
            }
            pairs.put(e.getKey(), e.getValue().text());
        }
        return pairs;
    }
}
