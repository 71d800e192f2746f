package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestRejected.badRequest;

import dev.horizon.gateway.internal.http1.Chars;
import dev.horizon.gateway.internal.http1.FieldLine;
import dev.horizon.gateway.internal.http1.FieldName;
import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.http1.FramingDecision;
import dev.horizon.gateway.internal.http1.FramingFields;
import dev.horizon.gateway.internal.http1.FramingRefusal;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses and validates one request head for {@link StrictRequestDecoder}: the request line, the field lines of the
 * header section, the framing decision at its end, and the field lines of a chunked body's trailer section. Each
 * line arrives in a byte array without its terminator; each method returns {@code null} when the input is acceptable
 * and otherwise the {@link RequestRejected} to emit. One instance per connection, used on its event loop only.
 *
 * <p>The character classes, the field-line grammar, the framing fields and the framing decision are the ones the
 * response decoder uses too ({@link dev.horizon.gateway.internal.http1}); what is left here is what only a request
 * has: the request line, Host, Expect, the request's reading of Connection, and the messages a client is answered
 * with.
 */
final class RequestHeadParser {

    /** Values are validated here, so Netty need not validate them again. */
    private static final HttpHeadersFactory TRAILERS =
        DefaultHttpHeadersFactory.trailersFactory().withValidation(false);
    private static final byte[] HTTP_VERSION_PREFIX = {'H', 'T', 'T', 'P', '/'};

    private HttpMethod method = HttpMethod.GET;
    private String uri = "/";
    private HttpVersion version = HttpVersion.HTTP_1_1;
    /** The field lines of the head being parsed, as name, value, name, value… */
    private final List<CharSequence> fields = new ArrayList<>(16);
    private final FramingFields framingFields = FramingFields.forRequests();
    private @Nullable Set<String> connectionTokens;
    private int hostCount;
    private String host = "";
    private @Nullable String requestId;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean expectContinue;
    /** An Upgrade field named websocket; with a Connection option upgrade, the request asks for a WebSocket. */
    private boolean upgradeWebSocket;
    private boolean webSocket;
    private Framing framing = Framing.NONE;
    // The field line last split by parseField: b[0, nameEnd) is its name, b[valueStart, valueEnd) its value.
    private int nameEnd;
    private int valueStart;
    private int valueEnd;

    /** The method of the last request line parsed without error. */
    HttpMethod method() {
        return method;
    }

    /** The request-target of the last request line parsed without error. */
    String uri() {
        return uri;
    }

    /** Parses {@code METHOD SP request-target SP HTTP-version} and starts a new request head. */
    @Nullable RequestRejected requestLine(byte[] b, int len) {
        int methodEnd = Chars.tokenEnd(b, 0, len);
        int i = methodEnd;
        if (i == len) {
            return badRequest(methodEnd == 0 ? "empty request line" : "missing request-target");
        }
        if (methodEnd == 0 || b[i] != ' ') {
            return badRequest(invalid(b[i], "request method"));
        }
        int targetStart = ++i;
        i = targetEnd(b, i, len);
        int targetEnd = i;
        if (i < len && b[i] != ' ') {
            return badRequest(invalid(b[i], "request-target"));
        }
        if (targetEnd == targetStart) {
            return badRequest(i < len ? "extra whitespace in request line" : "missing request-target");
        }
        if (i == len) {
            return badRequest("missing HTTP version");
        }
        i++;
        if (len - i != 8 || !isVersionSyntax(b, i)) {
            return badRequest(invalidVersion(b, i, len));
        }
        if (b[i + 5] != '1' || b[i + 7] > '1') {
            return new RequestRejected(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                "HTTP version not supported: " + Chars.latin1(b, i, 8));
        }
        HttpMethod m = HttpMethod.valueOf(Chars.latin1(b, 0, methodEnd));
        if (m.equals(HttpMethod.CONNECT)) {
            return new RequestRejected(HttpResponseStatus.NOT_IMPLEMENTED, "CONNECT is not supported");
        }
        RequestRejected form = checkTargetForm(m, b, targetStart, targetEnd);
        if (form != null) {
            return form;
        }
        startHead(m, Chars.latin1(b, targetStart, targetEnd - targetStart),
            b[i + 7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0);
        return null;
    }

    private void startHead(HttpMethod m, String target, HttpVersion v) {
        method = m;
        uri = target;
        version = v;
        fields.clear();
        framingFields.reset();
        connectionTokens = null;
        hostCount = 0;
        framing = Framing.NONE;
        host = "";
        requestId = null;
        connectionClose = false;
        connectionKeepAlive = false;
        expectContinue = false;
        upgradeWebSocket = false;
        webSocket = false;
    }

    /** Validates one field line of the header section and adds it to the request's headers. */
    @Nullable RequestRejected header(byte[] b, int len) {
        String problem = parseField(b, len, "header");
        if (problem != null) {
            return badRequest(problem);
        }
        String value = Chars.latin1(b, valueStart, valueEnd - valueStart);
        RequestRejected rejected = takeIn(FieldName.of(b, 0, nameEnd), b, value);
        if (rejected != null) {
            return rejected;
        }
        fields.add(Chars.latin1(b, 0, nameEnd));
        fields.add(value);
        return null;
    }

    /** Notes what the request's handling needs from a field the parser acts on. */
    private @Nullable RequestRejected takeIn(FieldName name, byte[] b, String value) {
        switch (name) {
            case HOST -> {
                if (++hostCount > 1) {
                    return badRequest("multiple Host headers");
                }
                if (!isHost(b, valueStart, valueEnd)) {
                    return badRequest("invalid Host header");
                }
                host = value;
            }
            case CONTENT_LENGTH -> {
                FramingRefusal refusal = framingFields.contentLength(b, valueStart, valueEnd);
                return refusal == null ? null : rejection(refusal);
            }
            case TRANSFER_ENCODING -> {
                FramingRefusal refusal = framingFields.transferEncoding(b, valueStart, valueEnd);
                return refusal == null ? null : rejection(refusal);
            }
            case CONNECTION -> {
                return connectionOptions(b, valueStart, valueEnd);
            }
            case UPGRADE -> upgradeWebSocket |= Chars.equalsLowerCase(b, valueStart, valueEnd, "websocket");
            case EXPECT -> expectContinue = Chars.equalsLowerCase(b, valueStart, valueEnd, "100-continue");
            case X_REQUEST_ID -> {
                if (requestId == null) {
                    requestId = value;
                }
            }
            default -> {
                // forwarded as received, or dropped as hop-by-hop when the backend head is written
            }
        }
        return null;
    }

    /** Applies the rules that need the whole header section and decides the {@link #framing()}. */
    @Nullable RequestRejected endOfHead() {
        boolean http11 = version.equals(HttpVersion.HTTP_1_1);
        if (hostCount == 0 && http11) {
            return badRequest("missing Host header");
        }
        FramingDecision decision = Framing.ofRequest(framingFields, http11);
        if (decision instanceof FramingRefusal refusal) {
            return rejection(refusal);
        }
        framing = (Framing) decision;
        webSocket = upgradeWebSocket && connectionTokens().contains("upgrade");
        return webSocket ? WebSocketHandshake.check(method, http11, framing, fields) : null;
    }

    /** Whether the request asks for a WebSocket ({@code Upgrade: websocket}, {@code Connection: upgrade}). */
    boolean webSocket() {
        return webSocket;
    }

    /** The request whose head was parsed; valid after {@link #endOfHead()} accepted it. */
    ParsedRequest request() {
        // read-only and array-backed: the proxy only iterates a request's fields, and looks up one rarely
        return new ParsedRequest(this, new ReadOnlyHttpHeaders(false, fields.toArray(new CharSequence[0])));
    }

    HttpVersion version() {
        return version;
    }

    /**
     * Whether the connection may serve another request after this one (RFC 9112 §9.3); not after a WebSocket
     * handshake the endpoint refused, since the client may have sent frames behind it.
     */
    boolean keepAlive() {
        return !webSocket && !connectionClose && (version.equals(HttpVersion.HTTP_1_1) || connectionKeepAlive);
    }

    /** Whether an HTTP/1.1 client sent {@code Expect: 100-continue}. */
    boolean expectContinue() {
        return expectContinue && version.equals(HttpVersion.HTTP_1_1);
    }

    /** The Host field's value as received; empty when absent. */
    String host() {
        return host;
    }

    /** The first X-Request-Id field's value as received, or null. */
    @Nullable String requestId() {
        return requestId;
    }

    /** The options of the Connection fields other than close and keep-alive, lower case. */
    Set<String> connectionTokens() {
        Set<String> tokens = connectionTokens;
        return tokens == null ? Set.of() : tokens;
    }

    /**
     * Notes the {@code close} and {@code keep-alive} options of a Connection field {@code b[from, to)}, and every
     * other option, lower case: the names of the hop-by-hop fields it declares. An option naming a framing field is
     * refused: removing Content-Length or Transfer-Encoding before forwarding would leave the body to be read as the
     * next request, and Host is needed by every hop.
     */
    private @Nullable RequestRejected connectionOptions(byte[] b, int from, int to) {
        for (int start = from; start < to; ) {
            int comma = Chars.indexOf(b, start, to, (byte) ',');
            int s = Chars.skipOws(b, start, comma);
            int e = Chars.trimOws(b, s, comma);
            if (Chars.equalsLowerCase(b, s, e, "close")) {
                connectionClose = true;
            } else if (Chars.equalsLowerCase(b, s, e, "keep-alive")) {
                connectionKeepAlive = true;
            } else if (e > s) {
                String option = Chars.latin1(b, s, e - s).toLowerCase(Locale.ROOT);
                if (option.equals("content-length") || option.equals("transfer-encoding") || option.equals("host")) {
                    return badRequest("Connection names " + option);
                }
                Set<String> tokens = connectionTokens;
                if (tokens == null) {
                    tokens = new HashSet<>();
                    connectionTokens = tokens;
                }
                tokens.add(option);
            }
            start = comma + 1;
        }
        return null;
    }

    Framing framing() {
        return framing;
    }

    /** The body length when {@link #framing()} is {@link Framing#LENGTH}. */
    long contentLength() {
        return framingFields.contentLength();
    }

    static HttpHeaders newTrailers() {
        return TRAILERS.newHeaders();
    }

    /**
     * Validates one field line of a trailer section and adds it to {@code trailers}, except the framing fields
     * Content-Length, Transfer-Encoding and Host, which are dropped: RFC 9110 §6.5.1 forbids them in trailers, the
     * body's framing is settled by then, and dropping keeps them from ever being merged into a header section.
     */
    @Nullable RequestRejected trailer(byte[] b, int len, HttpHeaders trailers) {
        String problem = parseField(b, len, "trailer");
        if (problem != null) {
            return badRequest(problem);
        }
        FieldName name = FieldName.of(b, 0, nameEnd);
        if (name != FieldName.CONTENT_LENGTH && name != FieldName.TRANSFER_ENCODING && name != FieldName.HOST) {
            trailers.add(Chars.latin1(b, 0, nameEnd), Chars.latin1(b, valueStart, valueEnd - valueStart));
        }
        return null;
    }

    /**
     * Decides the status for a request line longer than the limit, given its first {@code len} bytes: 414 when they
     * read as a method, one SP and a request-target that has not ended (or is followed only by the start of an
     * HTTP version), so the target is what made the line long; 400 for anything else.
     */
    static RequestRejected overlongRequestLine(byte[] b, int len) {
        int i = Chars.tokenEnd(b, 0, len);
        if (i > 0 && i < len && b[i] == ' ') {
            int targetStart = ++i;
            i = targetEnd(b, i, len);
            if (i > targetStart && (i == len || (b[i] == ' ' && isVersionPrefix(b, i + 1, len)))) {
                return new RequestRejected(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request-target too long");
            }
        }
        return badRequest("request line too long");
    }

    /**
     * Splits a field line {@code name ":" OWS value OWS} into {@link #nameEnd}, {@link #valueStart} and
     * {@link #valueEnd}, the OWS trimmed; returns {@code null} when it is well-formed and otherwise what is wrong.
     */
    private @Nullable String parseField(byte[] b, int len, String section) {
        int colon = FieldLine.colon(b, 0, len);
        if (colon < 0) {
            return switch (FieldLine.problem(b, 0, len)) {
                case OBS_FOLD -> "obs-fold in " + section + " section";
                case MISSING_COLON -> "missing colon in " + section + " field";
                case INVALID_NAME_BYTE -> invalid(b[Chars.tokenEnd(b, 0, len)], section + " field name");
                case WHITESPACE_BEFORE_COLON -> "whitespace before colon in " + section + " field";
                case WHITESPACE_IN_NAME -> "whitespace in " + section + " field name";
                case EMPTY_NAME -> "empty " + section + " field name";
            };
        }
        int vs = Chars.skipOws(b, colon + 1, len);
        int ve = Chars.trimOws(b, vs, len);
        int bad = Chars.invalidValueByte(b, vs, ve);
        if (bad >= 0) {
            return invalid(b[bad], section + " field value");
        }
        nameEnd = colon;
        valueStart = vs;
        valueEnd = ve;
        return null;
    }

    /** What a client is answered when its framing fields are refused: 400, or 501 for a coding before chunked. */
    private static RequestRejected rejection(FramingRefusal refusal) {
        return refusal == FramingRefusal.UNSUPPORTED_CODING
            ? new RequestRejected(HttpResponseStatus.NOT_IMPLEMENTED, refusal.reason()) : badRequest(refusal.reason());
    }

    private static @Nullable RequestRejected checkTargetForm(HttpMethod m, byte[] b, int start, int end) {
        if (b[start] == '/') {
            return null;
        }
        if (end - start == 1 && b[start] == '*') {
            return m.equals(HttpMethod.OPTIONS) ? null : badRequest("asterisk-form request-target without OPTIONS");
        }
        int authority = startsWithIgnoreCase(b, start, end, "http://") ? start + 7
            : startsWithIgnoreCase(b, start, end, "https://") ? start + 8 : -1;
        if (authority < 0 || authority == end || b[authority] == '/' || b[authority] == '?') {
            return badRequest("invalid request-target form");
        }
        return null;
    }

    /** The index of the first byte in {@code b[from, to)} that may not appear in a request-target, or {@code to}. */
    private static int targetEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && Chars.isTarget(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isHost(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Chars.isHost(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static String invalidVersion(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == '\r') {
                return "bare CR in request line";
            }
            if (b[k] == ' ') {
                return "extra whitespace in request line";
            }
        }
        return "invalid HTTP version";
    }

    /** {@code HTTP/} DIGIT {@code .} DIGIT at {@code i}. */
    private static boolean isVersionSyntax(byte[] b, int i) {
        for (int k = 0; k < HTTP_VERSION_PREFIX.length; k++) {
            if (b[i + k] != HTTP_VERSION_PREFIX[k]) {
                return false;
            }
        }
        return Chars.isDigit(b[i + 5]) && b[i + 6] == '.' && Chars.isDigit(b[i + 7]);
    }

    /** Whether {@code b[from, to)} could begin an {@code HTTP/d.d} version. */
    private static boolean isVersionPrefix(byte[] b, int from, int to) {
        if (to - from > 8) {
            return false;
        }
        for (int k = 0; from + k < to; k++) {
            byte c = b[from + k];
            boolean ok = k < 5 ? c == HTTP_VERSION_PREFIX[k] : k == 6 ? c == '.' : Chars.isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int start, int end, String lowerPrefix) {
        return end - start >= lowerPrefix.length()
            && Chars.equalsLowerCase(b, start, start + lowerPrefix.length(), lowerPrefix);
    }

    private static String invalid(byte c, String where) {
        return switch (c) {
            case '\r' -> "bare CR in " + where;
            case 0 -> "NUL in " + where;
            case '#' -> "fragment in " + where;
            default -> "invalid byte 0x%02x in %s".formatted(c & 0xFF, where);
        };
    }
}
