package dev.horizon.gateway.internal.http1;

import java.util.Arrays;

/**
 * The field names the gateway acts on, matched without regard to case, and among them the one list of hop-by-hop
 * fields: those a proxy never forwards, in either direction.
 *
 * <p>Hop-by-hop (RFC 9110 §7.6.1): Connection and the fields it names (the caller checks those), Keep-Alive, TE,
 * Transfer-Encoding, Upgrade and Proxy-Connection; also Trailer (RFC 2616 §13.5.1), since the gateway re-frames every
 * body and announces no trailers of its own, and every other {@code Proxy-*} field, which concerns only the hop
 * that sent it (Proxy-Authorization, Proxy-Authenticate; HAProxy and nginx drop them as well). Upgrade is dropped
 * because the gateway never upgrades a connection.
 */
public enum FieldName {
    CONNECTION("connection", true),
    KEEP_ALIVE("keep-alive", true),
    TE("te", true),
    TRAILER("trailer", true),
    TRANSFER_ENCODING("transfer-encoding", true),
    UPGRADE("upgrade", true),
    /** Any name starting with {@code proxy-}, Proxy-Connection included. */
    PROXY("proxy-", true),
    CONTENT_LENGTH("content-length", false),
    HOST("host", false),
    EXPECT("expect", false),
    /** The request id the gateway sets itself. */
    X_REQUEST_ID("x-request-id", false),
    /** Any other name. */
    OTHER("", false);

    private static final int PROXY_PREFIX = 6;
    /** The named constants by the length of their name, so a lookup compares a name with one or two candidates. */
    private static final FieldName[][] BY_LENGTH = byLength();

    private final String lowerCase;
    private final boolean hopByHop;

    FieldName(String lowerCase, boolean hopByHop) {
        this.lowerCase = lowerCase;
        this.hopByHop = hopByHop;
    }

    /** Whether a proxy must not forward a field of this name (whatever Connection says besides). */
    public boolean isHopByHop() {
        return hopByHop;
    }

    /** The name of the field line {@code b[from, to)}. */
    public static FieldName of(byte[] b, int from, int to) {
        int n = to - from;
        if (n < BY_LENGTH.length) {
            for (FieldName candidate : BY_LENGTH[n]) {
                if (Chars.equalsLowerCase(b, from, to, candidate.lowerCase)) {
                    return candidate;
                }
            }
        }
        return n > PROXY_PREFIX && Chars.equalsLowerCase(b, from, from + PROXY_PREFIX, PROXY.lowerCase) ? PROXY : OTHER;
    }

    /** The name {@code name}. */
    public static FieldName of(CharSequence name) {
        int n = name.length();
        if (n < BY_LENGTH.length) {
            for (FieldName candidate : BY_LENGTH[n]) {
                if (Chars.equalsLowerCase(name, candidate.lowerCase)) {
                    return candidate;
                }
            }
        }
        return n > PROXY_PREFIX && Chars.startsWithLowerCase(name, PROXY.lowerCase) ? PROXY : OTHER;
    }

    private static FieldName[][] byLength() {
        int longest = 0;
        for (FieldName f : values()) {
            longest = Math.max(longest, f.lowerCase.length());
        }
        FieldName[][] table = new FieldName[longest + 1][];
        for (int n = 0; n <= longest; n++) {
            int length = n;
            table[n] = Arrays.stream(values())
                .filter(f -> f != PROXY && f != OTHER && f.lowerCase.length() == length)
                .toArray(FieldName[]::new);
        }
        return table;
    }
}
