package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Chars;
import dev.horizon.gateway.internal.http1.FieldLine;
import dev.horizon.gateway.internal.http1.FieldName;
import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.http1.FramingDecision;
import dev.horizon.gateway.internal.http1.FramingFields;
import dev.horizon.gateway.internal.http1.FramingRefusal;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Parses one response head for {@link BackendResponseDecoder} and writes what the client receives of it: {@code
 * HTTP/1.1 code reason} and the end-to-end field lines, byte for byte. One instance per backend connection, used on
 * its event loop only; a head goes through {@link #scan} until it is complete, then {@link #parse}, then
 * {@link #writeClientHead} for a final response.
 *
 * <p>Implementation notes. A head is parsed only once it is complete: {@link #scan} copies what has arrived behind
 * what an earlier call copied and resumes the search for the empty line at the start of the line it could not finish,
 * recording each line's bounds and whether any control byte occurred (so values are checked byte by byte only in a
 * head that has one). Then two passes over the per-connection array: the first validates every line and finds the
 * framing fields and the names Connection lists; the second copies the kept lines into the client-bound buffer.
 * Nothing is allocated per response here but that buffer. The character tables, the field-line grammar, the framing
 * fields and the framing decision are the request parser's too ({@link dev.horizon.gateway.internal.http1}).
 *
 * <p>Not forwarded: the hop-by-hop fields ({@link FieldName#isHopByHop()}, and the fields Connection names) and
 * X-Request-Id, which the proxy sets itself. Content-Length is always forwarded (whatever Connection says), once, as
 * the single value it stands for.
 */
final class ResponseHeadParser {

    /** Largest response head, status line and terminators included. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 256;
    /** {@link #scan} has not found the end of the head yet. */
    static final int NEED_MORE = -1;
    private static final int BARE_CR = -2;
    private static final int TOO_MANY_LINES = -3;
    private static final int TOO_LARGE = -4;
    private static final int MAX_CONNECTION_TOKENS = 16;
    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = 0x0D0A;

    private final FramingFields framingFields = FramingFields.forResponses();
    private byte[] bytes = new byte[1024];
    // the scan of a head still arriving: bytes copied into `bytes`, where its unfinished line starts, lines so far
    private int copied;
    private int scanned;
    private int scannedLines;
    private boolean sawControl;
    // the complete head: its length and lines (0 is the status line), and what pass 1 found in them
    private int length;
    private int lines;
    private boolean control;
    private final int[] lineStart = new int[MAX_FIELDS + 1];
    private final int[] lineEnd = new int[MAX_FIELDS + 1];
    private final int[] colonAt = new int[MAX_FIELDS + 1];
    private final boolean[] dropped = new boolean[MAX_FIELDS + 1];
    private final boolean[] lengthLine = new boolean[MAX_FIELDS + 1];
    private final int[] tokenStart = new int[MAX_CONNECTION_TOKENS];
    private final int[] tokenEnd = new int[MAX_CONNECTION_TOKENS];
    private int tokens;
    private int status;
    private boolean http11;
    private boolean close;
    private boolean keepAliveToken;
    private Framing framing = Framing.NONE;

    /**
     * Copies what has arrived of the head at {@code in}'s reader index (at most {@link #MAX_HEAD_BYTES}) behind what
     * an earlier call copied, and scans it for the empty line that ends the head, resuming at the start of the line
     * the previous call could not finish; records each line's bounds (terminators excluded) and whether a control
     * byte occurred. Consumes nothing. Returns the head's length, {@link #NEED_MORE}, or another negative code for
     * {@link #scanProblem}.
     *
     * <p>One method on purpose: compiled on its own (it is too large to be inlined), its byte loop stays tight. Split
     * in two, both halves were inlined into the decoder together with the parsing, and the loop ran a third slower.
     */
    int scan(ByteBuf in) {
        int available = Math.min(in.readableBytes(), MAX_HEAD_BYTES);
        if (bytes.length < available) {
            bytes = Arrays.copyOf(bytes, Math.max(available, bytes.length * 2));
        }
        byte[] b = bytes;
        in.getBytes(in.readerIndex() + copied, b, copied, available - copied);
        copied = available;
        int lineBegin = scanned;
        int count = scannedLines;
        int end = NEED_MORE;
        for (int i = lineBegin; i < available; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c != 0x7F) {
                continue;
            }
            if (c == '\n') {
                int last = i > lineBegin && b[i - 1] == '\r' ? i - 1 : i;
                if (last == lineBegin) {
                    end = i + 1;
                    break;
                }
                if (count > MAX_FIELDS) {
                    end = TOO_MANY_LINES;
                    break;
                }
                lineStart[count] = lineBegin;
                lineEnd[count++] = last;
                lineBegin = i + 1;
            } else if (c == '\r') {
                if (i + 1 == available) {
                    break;
                }
                if (b[i + 1] != '\n') {
                    end = BARE_CR;
                    break;
                }
            } else if (c != '\t') {
                sawControl = true;
            }
        }
        if (end == NEED_MORE && in.readableBytes() <= MAX_HEAD_BYTES) {
            scanned = lineBegin;
            scannedLines = count;
            return NEED_MORE;
        }
        length = end;
        lines = count;
        control = sawControl;
        reset();
        return end == NEED_MORE ? TOO_LARGE : end;
    }

    /** Why {@link #scan} returned {@code code}. */
    static String scanProblem(int code) {
        return switch (code) {
            case BARE_CR -> "bare CR in response head";
            case TOO_MANY_LINES -> "too many header fields";
            default -> "response head larger than " + MAX_HEAD_BYTES + " bytes";
        };
    }

    /** Forgets a head still arriving: the input it was in has been discarded. */
    void reset() {
        copied = 0;
        scanned = 0;
        scannedLines = 0;
        sawControl = false;
    }

    /**
     * Validates the head {@link #scan} found and decides its framing (RFC 9112 §6.3 via {@link Framing}); returns
     * null when it can be forwarded, else why not (never echoing its bytes).
     */
    @Nullable String parse(boolean answersHead) {
        String problem = statusLine();
        if (problem == null) {
            problem = fields();
        }
        if (problem != null || status < 200) {
            framing = Framing.NONE;
            return problem;
        }
        // the gateway refuses CONNECT (501), so no response it reads answers one
        FramingDecision decision = Framing.ofResponse(framingFields, status, http11, answersHead, false);
        if (decision instanceof FramingRefusal refusal) {
            return refusal == FramingRefusal.CHUNKED_IN_HTTP_1_0 ? "Transfer-Encoding in an HTTP/1.0 response"
                : refusal.reason();
        }
        framing = (Framing) decision;
        return null;
    }

    /** HTTP/1.x SP 3DIGIT [SP reason]. */
    private @Nullable String statusLine() {
        if (lines == 0) {
            return "invalid status line";
        }
        byte[] b = bytes;
        int s = lineStart[0];
        int e = lineEnd[0];
        if (e - s < 12 || b[s] != 'H' || b[s + 1] != 'T' || b[s + 2] != 'T' || b[s + 3] != 'P' || b[s + 4] != '/'
            || b[s + 5] != '1' || b[s + 6] != '.' || (b[s + 7] != '0' && b[s + 7] != '1') || b[s + 8] != ' '
            || !Chars.isDigit(b[s + 9]) || !Chars.isDigit(b[s + 10]) || !Chars.isDigit(b[s + 11])
            || (e - s > 12 && b[s + 12] != ' ')) {
            return "invalid status line";
        }
        if (control && Chars.invalidValueByte(b, s + 13, e) >= 0) {
            return "invalid byte in reason phrase";
        }
        http11 = b[s + 7] == '1';
        status = (b[s + 9] - '0') * 100 + (b[s + 10] - '0') * 10 + (b[s + 11] - '0');
        return status < 100 ? "invalid status code" : null;
    }

    /** Pass 1: validates every field line, takes in the framing fields, notes which lines are dropped. */
    private @Nullable String fields() {
        byte[] b = bytes;
        framingFields.reset();
        tokens = 0;
        close = false;
        keepAliveToken = false;
        for (int l = 1; l < lines; l++) {
            int ls = lineStart[l];
            int le = lineEnd[l];
            int colon = FieldLine.colon(b, ls, le);
            if (colon < 0) {
                return "header field line without a valid name";
            }
            if (control && Chars.invalidValueByte(b, colon + 1, le) >= 0) {
                return "invalid byte in a header field value";
            }
            int vs = Chars.skipOws(b, colon + 1, le);
            String problem = field(l, FieldName.of(b, ls, colon), vs, Chars.trimOws(b, vs, le));
            if (problem != null) {
                return problem;
            }
            colonAt[l] = colon;
        }
        return null;
    }

    private @Nullable String field(int l, FieldName name, int vs, int ve) {
        lengthLine[l] = name == FieldName.CONTENT_LENGTH;
        dropped[l] = !isEndToEnd(name);
        FramingRefusal refusal = switch (name) {
            case CONTENT_LENGTH -> framingFields.contentLength(bytes, vs, ve);
            case TRANSFER_ENCODING -> framingFields.transferEncoding(bytes, vs, ve);
            default -> null;
        };
        if (refusal != null) {
            return refusal.reason();
        }
        return name == FieldName.CONNECTION ? connectionOptions(vs, ve) : null;
    }

    /** Notes close, keep-alive and the other options of a Connection value: the fields it declares hop-by-hop. */
    private @Nullable String connectionOptions(int from, int to) {
        byte[] b = bytes;
        for (int t = from; t < to; ) {
            int comma = Chars.indexOf(b, t, to, (byte) ',');
            int ts = Chars.skipOws(b, t, comma);
            int te = Chars.trimOws(b, ts, comma);
            if (Chars.equalsLowerCase(b, ts, te, "close")) {
                close = true;
            } else if (Chars.equalsLowerCase(b, ts, te, "keep-alive")) {
                keepAliveToken = true;
            } else if (te > ts) {
                if (tokens == MAX_CONNECTION_TOKENS) {
                    return "too many Connection options";
                }
                tokenStart[tokens] = ts;
                tokenEnd[tokens++] = te;
            }
            t = comma + 1;
        }
        return null;
    }

    /** Whether a field of this name reaches the client: not hop-by-hop, not the proxy's own request id. */
    static boolean isEndToEnd(FieldName name) {
        return !name.isHopByHop() && name != FieldName.X_REQUEST_ID;
    }

    int status() {
        return status;
    }

    /** Whether the head is an interim (1xx) one, which only precedes the final response. */
    boolean interim() {
        return status < 200;
    }

    Framing framing() {
        return framing;
    }

    /** The body length when {@link #framing()} is {@link Framing#LENGTH}. */
    long contentLength() {
        return framingFields.contentLength();
    }

    /** Whether the endpoint keeps the connection open after this response. */
    boolean keepAlive() {
        return framing != Framing.CLOSE && !close && (http11 || keepAliveToken);
    }

    /** The length of the head as received; {@link #writeClientHead} writes about as much, usually less. */
    int length() {
        return length;
    }

    /**
     * Pass 2: writes {@code HTTP/1.1 code reason CRLF} and the kept field lines to {@code head}, leaving it open for
     * the proxy to add its own fields and the empty line.
     */
    void writeClientHead(ByteBuf head) {
        byte[] b = bytes;
        int s = lineStart[0];
        int e = lineEnd[0];
        head.writeBytes(HTTP_1_1).writeBytes(b, s + 9, 3).writeByte(' ');
        if (e > s + 13) {
            head.writeBytes(b, s + 13, e - s - 13);
        }
        head.writeShort(CRLF);
        boolean lengthWritten = false;
        for (int l = 1; l < lines; l++) {
            int ls = lineStart[l];
            int colon = colonAt[l];
            if (lengthLine[l]) {
                // repeats leave as one value (RFC 9112 §6.3)
                if (!lengthWritten) {
                    lengthWritten = true;
                    writeContentLength(head, ls, colon, lineEnd[l]);
                }
            } else if (!dropped[l] && !namedByConnection(ls, colon)) {
                head.writeBytes(b, ls, lineEnd[l] - ls).writeShort(CRLF);
            }
        }
    }

    private void writeContentLength(ByteBuf head, int ls, int colon, int le) {
        if (Chars.indexOf(bytes, colon, le, (byte) ',') == le) {
            head.writeBytes(bytes, ls, le - ls).writeShort(CRLF);
        } else {
            head.writeBytes(bytes, ls, colon - ls).writeByte(':').writeByte(' ')
                .writeCharSequence(Long.toString(framingFields.contentLength()), StandardCharsets.US_ASCII);
            head.writeShort(CRLF);
        }
    }

    private boolean namedByConnection(int ls, int colon) {
        for (int t = 0; t < tokens; t++) {
            if (Chars.equalsIgnoreCase(bytes, ls, colon, bytes, tokenStart[t], tokenEnd[t])) {
                return true;
            }
        }
        return false;
    }
}
