package dev.horizon.gateway;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a hash balancer takes its key from: {@code hash-on} of a service in {@code horizon.yaml}.
 *
 * @param source what part of the request
 * @param name   the header or cookie name; empty for {@link Source#CLIENT_IP} and {@link Source#PATH}
 */
public record HashOn(Source source, String name) {

    /** The parts of a request a key can come from. */
    public enum Source {
        /** The client's address (after trusted-proxy resolution). */
        CLIENT_IP,
        /** A request header; a request without it hashes the empty string. */
        HEADER,
        /** A cookie; a request without it hashes the empty string. */
        COOKIE,
        /** The request path without query. */
        PATH
    }

    /** Hash on the client's address: the default. */
    public static final HashOn CLIENT_IP = new HashOn(Source.CLIENT_IP, "");

    /** Validates that header and cookie sources name one. */
    public HashOn {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        if ((source == Source.HEADER || source == Source.COOKIE) && name.isBlank()) {
            throw new IllegalArgumentException("hash-on: " + source.name().toLowerCase(Locale.ROOT)
                + " needs a name (expected: header:NAME or cookie:NAME)");
        }
    }

    /**
     * Parses {@code client-ip}, {@code path}, {@code header:NAME} or {@code cookie:NAME}.
     *
     * @throws IllegalArgumentException naming the valid forms
     */
    public static HashOn parse(String text) {
        String t = text.trim();
        if (t.equals("client-ip")) {
            return CLIENT_IP;
        }
        if (t.equals("path")) {
            return new HashOn(Source.PATH, "");
        }
        if (t.startsWith("header:")) {
            return new HashOn(Source.HEADER, t.substring("header:".length()).trim());
        }
        if (t.startsWith("cookie:")) {
            return new HashOn(Source.COOKIE, t.substring("cookie:".length()).trim());
        }
        throw new IllegalArgumentException(
            "hash-on: '" + text + "' (expected: client-ip | header:NAME | cookie:NAME | path)");
    }
}
