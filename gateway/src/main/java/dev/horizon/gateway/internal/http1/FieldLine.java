package dev.horizon.gateway.internal.http1;

/**
 * The grammar of a field line, the same in a header section and a trailer section, of a request and of a response:
 * {@code field-name ":" OWS field-value OWS} (RFC 9112 §5), the name a token, no whitespace before the colon (§5.1: a
 * server must reject it, a proxy must remove it; both parsers refuse it), no obs-fold (§5.2: a line that starts with
 * whitespace), a value of HTAB, SP, VCHAR and obs-text (RFC 9110 §5.5). A line arrives without its terminator.
 */
public final class FieldLine {

    /** What is wrong with a field line whose {@link #colon} is -1, most telling first. */
    public enum Problem {
        /** The line starts with SP or HTAB: obs-fold, or whitespace before the first field. */
        OBS_FOLD,
        /** Only tchars, no colon. */
        MISSING_COLON,
        /** The name holds a byte that is neither a tchar nor whitespace. */
        INVALID_NAME_BYTE,
        WHITESPACE_BEFORE_COLON,
        WHITESPACE_IN_NAME,
        /** The line starts with its colon. */
        EMPTY_NAME
    }

    private FieldLine() {
    }

    /** The index of the colon when {@code b[from, to)} starts with a non-empty token and a colon; else -1. */
    public static int colon(byte[] b, int from, int to) {
        int i = Chars.tokenEnd(b, from, to);
        return i > from && i < to && b[i] == ':' ? i : -1;
    }

    /** Why {@link #colon} refused {@code b[from, to)}; the offending byte is at {@link Chars#tokenEnd}. */
    public static Problem problem(byte[] b, int from, int to) {
        if (Chars.isOws(b[from])) {
            return Problem.OBS_FOLD;
        }
        int i = Chars.tokenEnd(b, from, to);
        if (i == to) {
            return Problem.MISSING_COLON;
        }
        if (b[i] == ':') {
            return Problem.EMPTY_NAME;
        }
        if (!Chars.isOws(b[i])) {
            return Problem.INVALID_NAME_BYTE;
        }
        int j = Chars.skipOws(b, i, to);
        return j < to && b[j] == ':' ? Problem.WHITESPACE_BEFORE_COLON : Problem.WHITESPACE_IN_NAME;
    }
}
