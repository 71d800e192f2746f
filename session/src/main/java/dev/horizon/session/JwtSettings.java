package dev.horizon.session;

import dev.horizon.duration.DurationText;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the JWT store signs and checks tokens.
 *
 * @param keys the key ring (the current key signs)
 * @param audience the {@code aud} every token must carry
 * @param issuer the {@code iss} tokens carry and must carry, or null to neither write nor check one
 * @param timeouts idle (sliding, by re-issuing) and maximum lifetime
 * @param clockSkew how far {@code nbf} and {@code iat} may lie in the future (clocks of instances differ)
 * @param revocations where logouts, rotations and user-wide invalidations are kept
 * @param clock the time source
 */
public record JwtSettings(JwtKeyRing keys, String audience, @Nullable String issuer, SessionTimeouts timeouts,
                          Duration clockSkew, RevocationList revocations, Clock clock) {

    /** Checks the audience and the skew. */
    public JwtSettings {
        if (audience.isBlank()) {
            throw new IllegalArgumentException("audience: must not be blank");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clock skew: " + DurationText.format(clockSkew) + " (expected: 0s..5m)");
        }
    }

    /** Settings with no issuer, 30 s of clock skew, no revocation list and the system clock. */
    public static JwtSettings of(JwtKeyRing keys, String audience, SessionTimeouts timeouts) {
        return new JwtSettings(keys, audience, null, timeouts, Duration.ofSeconds(30), RevocationList.none(),
            Clock.systemUTC());
    }

    /** The same settings with a revocation list. */
    public JwtSettings withRevocations(RevocationList list) {
        return new JwtSettings(keys, audience, issuer, timeouts, clockSkew, list, clock);
    }

    /** The same settings with an issuer. */
    public JwtSettings withIssuer(String iss) {
        return new JwtSettings(keys, audience, iss, timeouts, clockSkew, revocations, clock);
    }

    /** The same settings with another clock (tests). */
    public JwtSettings withClock(Clock c) {
        return new JwtSettings(keys, audience, issuer, timeouts, clockSkew, revocations, c);
    }
}
