package dev.horizon.session;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@link RevocationList#none()}. */
final class NoRevocations implements RevocationList {

    static final NoRevocations INSTANCE = new NoRevocations();

    private NoRevocations() {
    }

    @Override
    public void revoke(String jti, Instant until) {
    }

    @Override
    public void revokeUser(String user, Instant at, Instant until) {
        throw new UnsupportedOperationException("ending every session of a user needs a revocation list "
            + "(RevocationList.redis): without one, a JWT stays valid until it expires");
    }

    @Override
    public boolean isRevoked(String jti, @Nullable String user, Instant issuedAt) {
        return false;
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
