package dev.horizon.gateway.internal.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The character classes of HTTP/1.1 as lookup tables, and the byte-range operations built on them. Every parser of
 * the gateway reads its bytes through these, so a request and a response are held to one grammar.
 *
 * <p>The classes: tchar (RFC 9110 §5.6.2), a field value's bytes HTAB, SP, VCHAR and obs-text (RFC 9110 §5.5; also
 * what a chunk extension may hold, RFC 9112 §7.1.1), a request-target's VCHAR without '#' (RFC 9112 §3.2), a Host
 * value's reg-name and IP-literal bytes (RFC 3986 §3.2.2), HEXDIG and DIGIT (RFC 5234 Appendix B.1), OWS (RFC 9110
 * §5.6.3). Bytes are treated as unsigned; one byte is one char (ISO-8859-1), so obs-text survives re-encoding.
 */
public final class Chars {

    private static final boolean[] TCHAR = table("!#$%&'*+-.^_`|~");
    private static final boolean[] HOST = table(".-:[]_~%!$&'()*+,;=");
    private static final boolean[] TARGET = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final byte[] HEX_VALUE = new byte[256];
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int c = 0; c < 256; c++) {
            TARGET[c] = c > 0x20 && c < 0x7F && c != '#';
            FIELD_VALUE[c] = c == '\t' || (c >= 0x20 && c != 0x7F);
        }
        Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX_VALUE[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX_VALUE[c] = (byte) (c - 'a' + 10);
            HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private Chars() {
    }

    /** Whether {@code c} may appear in a token: a method, a field name, a transfer coding (RFC 9110 §5.6.2). */
    public static boolean isTchar(int c) {
        return TCHAR[c & 0xFF];
    }

    /** Whether {@code c} may appear in a field value or a chunk extension: HTAB, SP, VCHAR, obs-text. */
    public static boolean isFieldValue(int c) {
        return FIELD_VALUE[c & 0xFF];
    }

    /** Whether {@code c} may appear in a request-target: VCHAR except '#'. */
    public static boolean isTarget(int c) {
        return TARGET[c & 0xFF];
    }

    /** Whether {@code c} may appear in a Host value: letters, digits and {@code .-:[]_~%!$&'()*+,;=}. */
    public static boolean isHost(int c) {
        return HOST[c & 0xFF];
    }

    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** SP or HTAB. */
    public static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /** The value of a HEXDIG, or -1. */
    public static int hexValue(int c) {
        return HEX_VALUE[c & 0xFF];
    }

    /** The lower-case hex digit for {@code value} (0..15). */
    public static byte hexDigit(int value) {
        return HEX_DIGITS[value];
    }

    /** The index of the first byte in {@code b[from, to)} that is not a tchar, or {@code to}. */
    public static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /** The index of the first byte in {@code b[from, to)} that may not appear in a field value, or -1. */
    public static int invalidValueByte(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!FIELD_VALUE[b[i] & 0xFF]) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first byte in {@code b[from, to)} that is not OWS, or {@code to}. */
    public static int skipOws(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isOws(b[i])) {
            i++;
        }
        return i;
    }

    /** {@code to} less the OWS that ends {@code b[from, to)}. */
    public static int trimOws(byte[] b, int from, int to) {
        int end = to;
        while (end > from && isOws(b[end - 1])) {
            end--;
        }
        return end;
    }

    /** The index of the first {@code c} in {@code b[from, to)}, or {@code to}. */
    public static int indexOf(byte[] b, int from, int to, byte c) {
        int i = from;
        while (i < to && b[i] != c) {
            i++;
        }
        return i;
    }

    /** Whether {@code b[from, to)} equals {@code lower}, ASCII lower case, without regard to ASCII case. */
    public static boolean equalsLowerCase(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if (toLower(b[from + i]) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} equals {@code lower}, ASCII lower case, without regard to ASCII case. */
    public static boolean equalsLowerCase(byte[] b, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (toLower(b[from + i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)} are equal without regard to ASCII case. */
    public static boolean equalsIgnoreCase(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int n = aTo - aFrom;
        if (n != bTo - bFrom) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toLower(a[aFrom + i]) != toLower(b[bFrom + i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} equals {@code lower}, ASCII lower case, without regard to ASCII case. */
    public static boolean equalsLowerCase(CharSequence s, byte[] lower) {
        return s.length() == lower.length && startsWithLowerCase(s, lower);
    }

    /** Whether {@code s} starts with {@code lower}, ASCII lower case, without regard to ASCII case. */
    public static boolean startsWithLowerCase(CharSequence s, byte[] lower) {
        int n = lower.length;
        if (s.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toLower(s.charAt(i)) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** A decimal {@code 1*DIGIT} in {@code b[from, to)} that fits a long, or -1. */
    public static long decimal(byte[] b, int from, int to) {
        if (from == to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** {@code b[offset, offset + length)} as a String, one char per byte. */
    public static String latin1(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Letters, digits and {@code extra}. */
    private static boolean[] table(String extra) {
        boolean[] t = new boolean[256];
        for (int c = 0; c < 256; c++) {
            t[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || extra.indexOf(c) >= 0;
        }
        return t;
    }
}
