package dev.horizon.session;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the JWT store: the current one signs new tokens, every one verifies tokens that name it by {@code kid}.
 * To rotate, make the new key current and keep the old one in the ring until the tokens it signed have expired (at
 * most the session lifetime), then drop it.
 */
public final class JwtKeyRing {

    private final JwtKey current;
    private final Map<String, JwtKey> byKid;

    private JwtKeyRing(JwtKey current, Map<String, JwtKey> byKid) {
        this.current = current;
        this.byKid = byKid;
    }

    /** A ring that signs with {@code current} and also verifies with {@code others}. */
    public static JwtKeyRing of(JwtKey current, JwtKey... others) {
        if (!current.canSign()) {
            throw new IllegalArgumentException("current key " + current.kid() + " cannot sign (a public key only)");
        }
        Map<String, JwtKey> byKid = new LinkedHashMap<>();
        byKid.put(current.kid(), current);
        for (JwtKey k : others) {
            if (byKid.putIfAbsent(k.kid(), k) != null) {
                throw new IllegalArgumentException("kid " + k.kid() + " appears twice in the key ring");
            }
        }
        return new JwtKeyRing(current, Map.copyOf(byKid));
    }

    /** The key that signs. */
    public JwtKey current() {
        return current;
    }

    /** The key named {@code kid}, or null. */
    @Nullable JwtKey find(String kid) {
        return byKid.get(kid);
    }
}
