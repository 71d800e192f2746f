package dev.horizon.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies sticky-session cookie values: {@code endpointId|expiresEpochSeconds|signature}, the signature
 * being the first 128 bits of HMAC-SHA256 over the rest, base64url. A client can neither forge a cookie for an
 * endpoint of its choosing nor extend one's lifetime.
 *
 * <p>The key is the SHA-256 of the service's {@code sticky.secret} (so several gateways accept each other's cookies);
 * without one, of {@code HORIZON_STICKY_SECRET} (the earlier way, still read), else 32 random bytes drawn at start-up:
 * a gateway restarted with a new random key treats old cookies as absent, which is a clean fallback.
 */
final class StickyCookies {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    StickyCookies(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("sticky secret: " + secret.length + " bytes (expected: >= 32)");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A signer keyed by {@code secret} (any text; its SHA-256 is the key). */
    static StickyCookies of(String secret) {
        return new StickyCookies(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** A signer keyed by {@code HORIZON_STICKY_SECRET} when set, else by 32 random bytes. */
    static StickyCookies fromEnvironment() {
        String secret = System.getenv("HORIZON_STICKY_SECRET");
        if (secret != null && !secret.isEmpty()) {
            return of(secret);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new StickyCookies(random);
    }

    /** The cookie value naming {@code endpointId} until {@code expiresEpochSeconds}. */
    String sign(String endpointId, long expiresEpochSeconds) {
        String payload = endpointId + "|" + expiresEpochSeconds;
        return payload + "|" + signature(payload);
    }

    /** The endpoint id in a valid, unexpired value, or null. */
    @Nullable String verify(@Nullable String value, long nowEpochSeconds) {
        if (value == null) {
            return null;
        }
        int sigBar = value.lastIndexOf('|');
        int expBar = sigBar <= 0 ? -1 : value.lastIndexOf('|', sigBar - 1);
        if (expBar <= 0) {
            return null;
        }
        String payload = value.substring(0, sigBar);
        byte[] expected = signature(payload).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = value.substring(sigBar + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return null;
        }
        long expires;
        try {
            expires = Long.parseLong(value.substring(expBar + 1, sigBar));
        } catch (NumberFormatException e) {
            return null;
        }
        return expires < nowEpochSeconds ? null : value.substring(0, expBar);
    }

    private String signature(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] full = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
