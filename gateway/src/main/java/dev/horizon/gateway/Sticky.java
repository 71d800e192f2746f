package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
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
 * @param secret the text the signing key is derived from (SHA-256 of it), at least {@value #MIN_SECRET_LENGTH}
 *               characters; give every gateway that should accept the others' cookies the same one. Empty: the
 *               gateway's own key ({@code HORIZON_STICKY_SECRET} if set, else random per process). Never printed.
 */
public record Sticky(String cookie, Duration ttl, String secret) {

    /** The shortest secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** Validates the components. */
    public Sticky {
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(secret, "secret");
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("sticky.secret: " + secret.length() + " characters (expected: at least "
                + MIN_SECRET_LENGTH + ")");
        }
        if (!cookie.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("sticky.cookie: '" + cookie + "' (expected: a cookie name token)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("sticky.ttl: " + DurationText.format(ttl) + " (expected: > 0)");
        }
    }

    /** Sticky sessions signed with the gateway's own key. */
    public Sticky(String cookie, Duration ttl) {
        this(cookie, ttl, "");
    }

    /** The components, with the secret left out. */
    @Override
    public String toString() {
        return "Sticky[cookie=" + cookie + ", ttl=" + DurationText.format(ttl) + ", secret="
            + (secret.isEmpty() ? "none" : "(set)") + "]";
    }
}
