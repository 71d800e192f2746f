package dev.horizon.gateway.internal.http1;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The field names the gateway acts on, matched without regard to case, and among them the one list of hop-by-hop
 * fields: those a proxy never forwards, in either direction.
 *
 * <p>Hop-by-hop (RFC 9110 §7.6.1): Connection and the fields it names (the caller checks those), Keep-Alive, TE,
 * Transfer-Encoding, Upgrade and Proxy-Connection; also Trailer (RFC 2616 §13.5.1), since the gateway re-frames every
 * body and announces no trailers of its own, and every other {@code Proxy-*} field, which concerns only the hop
 * that sent it (Proxy-Authorization, Proxy-Authenticate; HAProxy and nginx drop them as well). Upgrade is dropped
 * because the gateway never upgrades a connection.
 *
 * <p>Implementation note: every response field line and every forwarded request field is looked up, so a lookup is
 * one probe of a table keyed by the name's length and first letter (no two names here share both) and at most one
 * comparison; a name the gateway does not act on usually ends at the probe.
 */
public enum FieldName {
    CONNECTION("connection", true),
    KEEP_ALIVE("keep-alive", true),
    TE("te", true),
    TRAILER("trailer", true),
    TRANSFER_ENCODING("transfer-encoding", true),
    UPGRADE("upgrade", true),
    /** Any name longer than {@code proxy-} that starts with it, Proxy-Connection included. */
    PROXY("proxy-", true),
    CONTENT_LENGTH("content-length", false),
    HOST("host", false),
    EXPECT("expect", false),
    /** The request id the gateway sets itself. */
    X_REQUEST_ID("x-request-id", false),
    /** Any other name. */
    OTHER("", false);

    private static final int LONGEST = 17;
    private static final byte[] PROXY_PREFIX = PROXY.lowerCase;
    /** The named constants by {@link #key}. */
    private static final @Nullable FieldName[] BY_KEY = byKey();

    private final byte[] lowerCase;
    private final boolean hopByHop;

    FieldName(String lowerCase, boolean hopByHop) {
        this.lowerCase = lowerCase.getBytes(StandardCharsets.US_ASCII);
        this.hopByHop = hopByHop;
    }

    /** Whether a proxy must not forward a field of this name (whatever Connection says besides). */
    public boolean isHopByHop() {
        return hopByHop;
    }

    /** The name of the field line {@code b[from, to)}. */
    public static FieldName of(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0 || n > LONGEST) {
            return n > LONGEST && isProxy(b, from, n) ? PROXY : OTHER;
        }
        FieldName candidate = BY_KEY[key(n, b[from])];
        if (candidate != null && Chars.equalsLowerCase(b, from, to, candidate.lowerCase)) {
            return candidate;
        }
        return isProxy(b, from, n) ? PROXY : OTHER;
    }

    /** The name {@code name}. */
    public static FieldName of(CharSequence name) {
        int n = name.length();
        if (n == 0 || n > LONGEST) {
            return n > LONGEST && Chars.startsWithLowerCase(name, PROXY_PREFIX) ? PROXY : OTHER;
        }
        FieldName candidate = BY_KEY[key(n, name.charAt(0))];
        if (candidate != null && Chars.equalsLowerCase(name, candidate.lowerCase)) {
            return candidate;
        }
        return n > PROXY_PREFIX.length && Chars.startsWithLowerCase(name, PROXY_PREFIX) ? PROXY : OTHER;
    }

    private static boolean isProxy(byte[] b, int from, int n) {
        return n > PROXY_PREFIX.length && Chars.equalsLowerCase(b, from, from + PROXY_PREFIX.length, PROXY_PREFIX);
    }

    /** The length and the low five bits of the first char, which are the same for both cases of a letter. */
    private static int key(int length, int first) {
        return length << 5 | first & 0x1F;
    }

    private static @Nullable FieldName[] byKey() {
        @Nullable FieldName[] table = new FieldName[(LONGEST + 1) << 5];
        for (FieldName f : values()) {
            if (f != PROXY && f != OTHER) {
                int k = key(f.lowerCase.length, f.lowerCase[0]);
                if (f.lowerCase.length > LONGEST || table[k] != null) {
                    throw new AssertionError(f + " needs a longer table or another key");
                }
                table[k] = f;
            }
        }
        return table;
    }
}
