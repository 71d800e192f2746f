package dev.horizon.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Sticky sessions: {@code sticky} of a service in {@code horizon.yaml}. The gateway sets a cookie naming the endpoint
 * that served a client, signed with HMAC-SHA256 so clients cannot steer themselves to an endpoint of their choice;
 * later requests carrying a valid cookie go to that endpoint while it is eligible, and fall back to the balancer
 * (and get a new cookie) when it is gone, unhealthy or draining.
 *
 * @param cookie the cookie's name
 * @param ttl    the cookie's lifetime (its Max-Age, also checked inside the signed value)
 */
public record Sticky(String cookie, Duration ttl) {

    /** Validates the components. */
    public Sticky {
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(ttl, "ttl");
        if (!cookie.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("sticky.cookie: '" + cookie + "' (expected: a cookie name token)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("sticky.ttl: " + ttl + " (expected: > 0)");
        }
    }
}
