package dev.horizon.gateway;

import java.util.Locale;
import java.util.Objects;

/**
 * What a route's rate limit counts by: {@code key} of a route's {@code rate-limit} in {@code horizon.yaml}. Each
 * distinct key value has its own quota.
 *
 * @param source what part of the request
 * @param name   the header or cookie name; empty for {@link Source#CLIENT_IP} and {@link Source#ROUTE}
 */
public record RateLimitKey(Source source, String name) {

    /** The parts of a request a key can come from. */
    public enum Source {
        /** The client's address (after trusted-proxy resolution): a quota per client. */
        CLIENT_IP,
        /** A request header, e.g. an API key; requests without it share the quota of the empty value. */
        HEADER,
        /** A cookie; requests without it share the quota of the empty value. */
        COOKIE,
        /** Nothing: one quota for the whole route. */
        ROUTE
    }

    /** A quota per client address: the default. */
    public static final RateLimitKey CLIENT_IP = new RateLimitKey(Source.CLIENT_IP, "");

    /** Validates that header and cookie sources name one. */
    public RateLimitKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        if ((source == Source.HEADER || source == Source.COOKIE) && name.isBlank()) {
            throw new IllegalArgumentException("key: " + source.name().toLowerCase(Locale.ROOT)
                + " needs a name (expected: header:NAME or cookie:NAME)");
        }
    }

    /**
     * Parses {@code client-ip}, {@code route}, {@code header:NAME} or {@code cookie:NAME}.
     *
     * @throws IllegalArgumentException naming the valid forms
     */
    public static RateLimitKey parse(String text) {
        String t = text.trim();
        if (t.equals("client-ip")) {
            return CLIENT_IP;
        }
        if (t.equals("route")) {
            return new RateLimitKey(Source.ROUTE, "");
        }
        if (t.startsWith("header:")) {
            return new RateLimitKey(Source.HEADER, t.substring("header:".length()).trim());
        }
        if (t.startsWith("cookie:")) {
            return new RateLimitKey(Source.COOKIE, t.substring("cookie:".length()).trim());
        }
        throw new IllegalArgumentException(
            "'" + text + "' (expected: client-ip | header:NAME | cookie:NAME | route)");
    }
}
