package dev.horizon.gateway.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a request that routing, hashing and stickiness read, parsed once and only when asked for: host without
 * port, path, query parameters and cookies.
 */
final class RequestView {

    private final ParsedRequest request;
    private final String path;
    private final String rawQuery;
    private @Nullable String host;
    private @Nullable Map<String, List<String>> query;
    private @Nullable Map<String, String> cookies;

    RequestView(ParsedRequest request) {
        this.request = request;
        String uri = request.uri();
        int start = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
            start = slash < 0 ? uri.length() : slash;
        }
        int q = uri.indexOf('?', start);
        this.path = start >= uri.length() ? "/" : q < 0 ? uri.substring(start) : uri.substring(start, q);
        this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
    }

    ParsedRequest request() {
        return request;
    }

    /** The path without query, e.g. {@code /api/items}; {@code /} for {@code *} and bare authorities. */
    String path() {
        return path;
    }

    /** The path followed by the query, in origin form: what the backend receives as request target. */
    String originForm() {
        String uri = request.uri();
        if (uri.startsWith("/") || uri.equals("*")) {
            return uri;
        }
        return rawQuery.isEmpty() ? path : path + "?" + rawQuery;
    }

    /** The Host header without port, lower case; empty when absent. */
    String host() {
        String h = host;
        if (h == null) {
            String raw = request.host();
            int end = raw.length();
            if (raw.startsWith("[")) {
                int close = raw.indexOf(']');
                end = close < 0 ? end : close + 1;
            } else {
                int colon = raw.lastIndexOf(':');
                end = colon < 0 ? end : colon;
            }
            h = raw.substring(0, end).toLowerCase(Locale.ROOT);
            host = h;
        }
        return h;
    }

    /** The first value of query parameter {@code name}, decoded; null when absent. */
    @Nullable String queryParameter(String name) {
        Map<String, List<String>> q = query;
        if (q == null) {
            q = rawQuery.isEmpty() ? Map.of() : new QueryStringDecoder(rawQuery, false).parameters();
            query = q;
        }
        List<String> values = q.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The value of cookie {@code name}; null when absent. */
    @Nullable String cookie(String name) {
        Map<String, String> c = cookies;
        if (c == null) {
            c = new HashMap<>();
            for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
                for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
                    c.putIfAbsent(cookie.name(), cookie.value());
                }
            }
            cookies = c;
        }
        return c.get(name);
    }
}
