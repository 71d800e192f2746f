package dev.horizon.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: 160 bits from {@link SecureRandom}, URL-safe Base64 without padding (27 characters). OWASP asks for at
 * least 64 bits of entropy; the issue for at least 128.
 */
public final class SessionIds {

    /** Bytes of randomness in an id. */
    public static final int BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {
    }

    /** A fresh id. */
    public static String next() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code text} has the shape of an id this class makes (so junk never reaches a store as a key). */
    public static boolean looksValid(String text) {
        if (text.length() != 27) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
