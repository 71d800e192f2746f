package dev.horizon.demo;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * PBKDF2-HMAC-SHA256 password hashes that carry their own parameters: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}
 * (salt and hash in Base64, 16 and 32 bytes). Hashes of the first format, {@code ITERATIONS$SALT$HASH}, are still
 * verified (they are PBKDF2-HMAC-SHA256 too); {@link #needsRehash} tells the caller to store a new hash after a
 * successful login, so users move to the current parameters as they log in.
 *
 * <p>Implementation notes. OWASP's Password Storage Cheat Sheet asks 600,000 iterations of PBKDF2-HMAC-SHA256
 * ({@link #RECOMMENDED_ITERATIONS}, the default of the shop). The cost is paid on every login: on the demo's JVM
 * settings (C1 only) one hash at 600,000 iterations takes about 1.4 s of CPU, so {@code horizon demo}, whose shoppers
 * log in on every visit, runs its instances with fewer iterations (see docs/demo.md). The JDK's PBKDF2 is used
 * rather than a library so the shop has no extra dependency; the comparison is constant-time
 * ({@link MessageDigest#isEqual}).
 */
final class Passwords {

    /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023). */
    static final int RECOMMENDED_ITERATIONS = 600_000;
    /** The fewest iterations the shop accepts for new hashes. */
    static final int MIN_ITERATIONS = 1_000;

    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    private Passwords(int iterations) {
        this.iterations = iterations;
    }

    /** New hashes with {@code iterations} rounds. */
    static Passwords pbkdf2(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > 10_000_000) {
            throw new IllegalArgumentException("password iterations: " + iterations + " (expected: "
                + MIN_ITERATIONS + "..10000000; OWASP recommends " + RECOMMENDED_ITERATIONS + ")");
        }
        return new Passwords(iterations);
    }

    int iterations() {
        return iterations;
    }

    String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return ALGORITHM + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
            + Base64.getEncoder().encodeToString(derive(password, salt, iterations, 32));
    }

    /** Whether {@code password} is the one {@code stored} was made from; false for a hash this class cannot read. */
    static boolean matches(String password, String stored) {
        Parsed p = Parsed.of(stored);
        return p != null
            && MessageDigest.isEqual(p.hash(), derive(password, p.salt(), p.iterations(), p.hash().length));
    }

    /**
     * Whether a new hash should replace {@code stored} after a successful login: it has fewer iterations than new
     * hashes get, or the first format (never to fewer iterations).
     */
    boolean needsRehash(String stored) {
        Parsed p = Parsed.of(stored);
        return p != null && (p.iterations() < iterations || !p.current() && p.iterations() <= iterations);
    }

    /** A stored hash taken apart. */
    private record Parsed(boolean current, int iterations, byte[] salt, byte[] hash) {

        static @Nullable Parsed of(String stored) {
            String[] parts = stored.split("\\$", -1);
            boolean current = parts.length == 4 && ALGORITHM.equals(parts[0]);
            if (!current && parts.length != 3) {
                return null;
            }
            int first = current ? 1 : 0;
            try {
                int iterations = Integer.parseInt(parts[first]);
                byte[] salt = Base64.getDecoder().decode(parts[first + 1]);
                byte[] hash = Base64.getDecoder().decode(parts[first + 2]);
                return iterations < 1 || hash.length == 0 ? null : new Parsed(current, iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }
}
