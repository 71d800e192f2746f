package dev.horizon.session;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Tokens that must stop working before they expire: single sessions (logout, id rotation) and every session of a
 * user issued up to some instant. Entries only need to live until the tokens they name would have expired anyway.
 */
public interface RevocationList extends AutoCloseable {

    /** Revokes the session {@code jti} until {@code until}. */
    void revoke(String jti, Instant until);

    /** Revokes every token of {@code user} issued at or before {@code at}, remembering it until {@code until}. */
    void revokeUser(String user, Instant at, Instant until);

    /** Whether the token {@code jti} of {@code user}, issued at {@code issuedAt}, is revoked. */
    boolean isRevoked(String jti, @Nullable String user, Instant issuedAt);

    /** Whether revocations are kept at all ({@link #none()} keeps none). */
    default boolean enabled() {
        return true;
    }

    /** Whether the list's store answers (for health checks). */
    default boolean answers() {
        return true;
    }

    @Override
    default void close() {
    }

    /** No revocation list: a token stays valid until it expires. */
    static RevocationList none() {
        return NoRevocations.INSTANCE;
    }

    /** Revocations in Redis ({@code redis://host:port}); one round trip per check. */
    static RevocationList redis(String redisUri) {
        return new RedisRevocationList(redisUri);
    }
}
