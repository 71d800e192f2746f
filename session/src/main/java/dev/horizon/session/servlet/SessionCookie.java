package dev.horizon.session.servlet;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The cookie that carries the session token. Always {@code HttpOnly} (scripts never need the token).
 *
 * @param name cookie name
 * @param path cookie path
 * @param secure when the cookie gets the {@code Secure} attribute
 * @param sameSite the {@code SameSite} attribute
 */
public record SessionCookie(String name, String path, Secure secure, SameSite sameSite) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** {@code HZSESSION}, path {@code /}, {@code Secure} on HTTPS requests, {@code SameSite=Lax}. */
    public static final SessionCookie DEFAULT =
        new SessionCookie("HZSESSION", "/", Secure.WHEN_REQUEST_IS, SameSite.LAX);

    /** When to add the {@code Secure} attribute. */
    public enum Secure {
        /** Always: the browser sends the cookie only over HTTPS. */
        ALWAYS,
        /** Never (plain-HTTP development). */
        NEVER,
        /** When the request came over HTTPS (as the container reports it). */
        WHEN_REQUEST_IS
    }

    /** The {@code SameSite} attribute. */
    public enum SameSite {
        /** Sent on same-site requests only. */
        STRICT,
        /** Also sent on top-level navigations from other sites: the browsers' default and Horizon's. */
        LAX,
        /** Sent everywhere; browsers then require {@code Secure}. */
        NONE
    }

    /** Checks that the name is a cookie token and the path starts with a slash. */
    public SessionCookie {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("session cookie name: '" + name + "' (expected: letters, digits, -_.)");
        }
        if (!path.startsWith("/") || path.contains(";")) {
            throw new IllegalArgumentException("session cookie path: '" + path + "' (expected: /...)");
        }
    }

    /** The same cookie with another name. */
    public SessionCookie withName(String newName) {
        return new SessionCookie(newName, path, secure, sameSite);
    }

    /** The same cookie with another {@code Secure} rule. */
    public SessionCookie withSecure(Secure newSecure) {
        return new SessionCookie(name, path, newSecure, sameSite);
    }

    /** The {@code Set-Cookie} value that hands the client {@code token}. */
    String set(String token, boolean requestIsSecure) {
        return name + "=" + token + attributes(requestIsSecure);
    }

    /** The {@code Set-Cookie} value that makes the client drop the cookie. */
    String clear(boolean requestIsSecure) {
        return name + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes(requestIsSecure);
    }

    private String attributes(boolean requestIsSecure) {
        boolean isSecure = secure == Secure.ALWAYS || secure == Secure.WHEN_REQUEST_IS && requestIsSecure
            || sameSite == SameSite.NONE;
        String sameSiteName = sameSite.name().charAt(0) + sameSite.name().substring(1).toLowerCase(Locale.ROOT);
        return "; Path=" + path + "; HttpOnly; SameSite=" + sameSiteName + (isSecure ? "; Secure" : "");
    }
}
