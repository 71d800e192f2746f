package dev.horizon.session;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One key of a {@link JwtKeyRing}, named by its {@code kid} and bound to one algorithm: a token is checked only with
 * the algorithm of the key its {@code kid} names, so an HMAC token can never be checked against an RSA public key
 * (the "algorithm confusion" attack).
 */
public final class JwtKey {

    private final String kid;
    private final JwtAlgorithm algorithm;
    private final byte @Nullable [] secret;
    private final @Nullable PrivateKey privateKey;
    private final @Nullable PublicKey publicKey;

    private JwtKey(String kid, JwtAlgorithm algorithm, byte @Nullable [] secret, @Nullable PrivateKey privateKey,
                   @Nullable PublicKey publicKey) {
        if (kid.isEmpty() || kid.length() > 64) {
            throw new IllegalArgumentException("kid: '" + kid + "' (expected: 1-64 characters)");
        }
        this.kid = kid;
        this.algorithm = algorithm;
        this.secret = secret;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** An HMAC key; {@link IllegalArgumentException} when the secret is shorter than the hash output. */
    public static JwtKey hmac(String kid, JwtAlgorithm algorithm, byte[] secret) {
        if (!algorithm.isHmac()) {
            throw new IllegalArgumentException("kid " + kid + ": " + algorithm + " is not an HMAC algorithm");
        }
        if (secret.length < algorithm.minKeyBytes()) {
            throw new IllegalArgumentException("kid " + kid + ": " + algorithm + " key of " + secret.length
                + " bytes (expected: at least " + algorithm.minKeyBytes() + " bytes, RFC 7518 section 3.2)");
        }
        return new JwtKey(kid, algorithm, secret.clone(), null, null);
    }

    /** An RS256 key that signs and verifies. */
    public static JwtKey rsa(String kid, KeyPair pair) {
        checkRsa(kid, pair.getPublic());
        return new JwtKey(kid, JwtAlgorithm.RS256, null, pair.getPrivate(), pair.getPublic());
    }

    /** An RS256 key that only verifies (another service signs). */
    public static JwtKey rsaVerifyOnly(String kid, PublicKey publicKey) {
        checkRsa(kid, publicKey);
        return new JwtKey(kid, JwtAlgorithm.RS256, null, null, publicKey);
    }

    private static void checkRsa(String kid, PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("kid " + kid + ": expected an RSA key, got " + key.getAlgorithm());
        }
        if (rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("kid " + kid + ": RSA key of " + rsa.getModulus().bitLength()
                + " bits (expected: at least 2048)");
        }
    }

    /** The key's id, as tokens name it. */
    public String kid() {
        return kid;
    }

    /** The one algorithm this key is used with. */
    public JwtAlgorithm algorithm() {
        return algorithm;
    }

    /** Whether this key can sign (HMAC keys and RSA key pairs can; RSA public keys cannot). */
    public boolean canSign() {
        return secret != null || privateKey != null;
    }

    byte[] sign(byte[] input) {
        try {
            if (secret != null) {
                Mac mac = Mac.getInstance(algorithm.jca());
                mac.init(new SecretKeySpec(secret, algorithm.jca()));
                return mac.doFinal(input);
            }
            if (privateKey == null) {
                throw new IllegalStateException("kid " + kid + " is a verification-only key");
            }
            Signature s = Signature.getInstance(algorithm.jca());
            s.initSign(privateKey);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("kid " + kid + ": cannot sign with " + algorithm, e);
        }
    }

    boolean verify(byte[] input, byte[] signature) {
        try {
            if (secret != null) {
                return MessageDigest.isEqual(sign(input), signature);
            }
            Signature s = Signature.getInstance(algorithm.jca());
            s.initVerify(java.util.Objects.requireNonNull(publicKey));
            s.update(input);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "JwtKey[" + kid + ", " + algorithm + (canSign() ? "" : ", verify only") + "]";
    }
}
