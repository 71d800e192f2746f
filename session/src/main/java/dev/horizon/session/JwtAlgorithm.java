package dev.horizon.session;

/** The JWS algorithms the JWT store signs and verifies with (RFC 7518). {@code none} is not one of them. */
public enum JwtAlgorithm {
    /** HMAC with SHA-256; keys of at least 32 bytes. */
    HS256("HmacSHA256", 32),
    /** HMAC with SHA-384; keys of at least 48 bytes. */
    HS384("HmacSHA384", 48),
    /** HMAC with SHA-512; keys of at least 64 bytes. */
    HS512("HmacSHA512", 64),
    /** RSASSA-PKCS1-v1_5 with SHA-256; RSA keys of at least 2048 bits. */
    RS256("SHA256withRSA", 256);

    private final String jca;
    private final int minKeyBytes;

    JwtAlgorithm(String jca, int minKeyBytes) {
        this.jca = jca;
        this.minKeyBytes = minKeyBytes;
    }

    /** The JCA name of the MAC or signature. */
    String jca() {
        return jca;
    }

    /** The shortest key allowed: the hash output for HMAC (RFC 7518 §3.2), the modulus for RSA. */
    int minKeyBytes() {
        return minKeyBytes;
    }

    boolean isHmac() {
        return this != RS256;
    }
}
