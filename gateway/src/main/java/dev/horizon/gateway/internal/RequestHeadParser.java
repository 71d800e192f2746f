package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestRejected.badRequest;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.nio.charset.StandardCharsets;
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
 */
final class RequestHeadParser {

    /** How the body of the parsed request is delimited (RFC 9112 §6.3). */
    enum Framing { NONE, FIXED, CHUNKED }

    /** Values are validated here, so Netty need not validate them again. */
    private static final HttpHeadersFactory TRAILERS =
        DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private static final boolean[] TCHAR = table("!#$%&'*+-.^_`|~");
    private static final boolean[] HOST = table(".-:[]_~%!$&'()*+,;=");
    /** VCHAR without '#': a request-target never carries a fragment (RFC 9112 §3.2). */
    private static final boolean[] TARGET = new boolean[256];
    /** HTAB, SP, VCHAR and obs-text (RFC 9110 §5.5). */
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final byte[] HTTP_VERSION_PREFIX = {'H', 'T', 'T', 'P', '/'};

    static {
        for (int c = 0x21; c < 0x7F; c++) {
            TARGET[c] = c != '#';
        }
        for (int c = 0; c < 256; c++) {
            FIELD_VALUE[c] = c == '\t' || (c >= 0x20 && c != 0x7F);
        }
    }

    private HttpMethod method = HttpMethod.GET;
    private String uri = "/";
    private HttpVersion version = HttpVersion.HTTP_1_1;
    /** The field lines of the head being parsed, as name, value, name, value… */
    private final List<CharSequence> fields = new ArrayList<>(16);
    private @Nullable Set<String> connectionTokens;
    private int hostCount;
    private int contentLengthCount;
    private long contentLength;
    private @Nullable StringBuilder transferEncoding;
    private String host = "";
    private @Nullable String requestId;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean expectContinue;
    private Framing framing = Framing.NONE;
    // The field line last split by parseField.
    private String fieldName = "";
    private String fieldValue = "";

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
        int i = 0;
        while (i < len && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        int methodEnd = i;
        if (i == len) {
            return badRequest(methodEnd == 0 ? "empty request line" : "missing request-target");
        }
        if (methodEnd == 0 || b[i] != ' ') {
            return badRequest(invalid(b[i], "request method"));
        }
        int targetStart = ++i;
        while (i < len && TARGET[b[i] & 0xFF]) {
            i++;
        }
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
                "HTTP version not supported: " + latin1(b, i, 8));
        }
        HttpMethod m = HttpMethod.valueOf(latin1(b, 0, methodEnd));
        if (m.equals(HttpMethod.CONNECT)) {
            return new RequestRejected(HttpResponseStatus.NOT_IMPLEMENTED, "CONNECT is not supported");
        }
        RequestRejected form = checkTargetForm(m, b, targetStart, targetEnd);
        if (form != null) {
            return form;
        }
        method = m;
        uri = latin1(b, targetStart, targetEnd - targetStart);
        version = b[i + 7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        fields.clear();
        connectionTokens = null;
        hostCount = 0;
        contentLengthCount = 0;
        contentLength = 0;
        transferEncoding = null;
        framing = Framing.NONE;
        host = "";
        requestId = null;
        connectionClose = false;
        connectionKeepAlive = false;
        expectContinue = false;
        return null;
    }

    /** Validates one field line of the header section and adds it to the request's headers. */
    @Nullable RequestRejected header(byte[] b, int len) {
        String problem = parseField(b, len, "header");
        if (problem != null) {
            return badRequest(problem);
        }
        String name = fieldName;
        String value = fieldValue;
        if (name.equalsIgnoreCase("host")) {
            if (++hostCount > 1) {
                return badRequest("multiple Host headers");
            }
            if (!isHost(value)) {
                return badRequest("invalid Host header");
            }
            host = value;
        } else if (name.equalsIgnoreCase("content-length")) {
            if (++contentLengthCount > 1) {
                return badRequest("multiple Content-Length headers");
            }
            contentLength = parseContentLength(value);
            if (contentLength < 0) {
                return badRequest("invalid Content-Length");
            }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
            StringBuilder te = transferEncoding;
            if (te == null) {
                transferEncoding = new StringBuilder(value);
            } else {
                te.append(", ").append(value);
            }
        } else if (name.equalsIgnoreCase("connection")) {
            RequestRejected rejected = connectionOptions(value);
            if (rejected != null) {
                return rejected;
            }
        } else if (name.equalsIgnoreCase("expect")) {
            expectContinue = value.equalsIgnoreCase("100-continue");
        } else if (requestId == null && name.equalsIgnoreCase("x-request-id")) {
            requestId = value;
        }
        fields.add(name);
        fields.add(value);
        return null;
    }

    /** Applies the rules that need the whole header section and decides the {@link #framing()}. */
    @Nullable RequestRejected endOfHead() {
        if (hostCount == 0 && version.equals(HttpVersion.HTTP_1_1)) {
            return badRequest("missing Host header");
        }
        StringBuilder te = transferEncoding;
        if (te != null) {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                return badRequest("Transfer-Encoding in HTTP/1.0 request");
            }
            if (contentLengthCount > 0) {
                return badRequest("both Content-Length and Transfer-Encoding");
            }
            RequestRejected coding = checkTransferCodings(te);
            if (coding != null) {
                return coding;
            }
            framing = Framing.CHUNKED;
        } else {
            framing = contentLength > 0 ? Framing.FIXED : Framing.NONE;
        }
        return null;
    }

    /** The request whose head was parsed; valid after {@link #endOfHead()} accepted it. */
    ParsedRequest request() {
        boolean http11 = version.equals(HttpVersion.HTTP_1_1);
        boolean keepAlive = !connectionClose && (http11 || connectionKeepAlive);
        Set<String> tokens = connectionTokens;
        // read-only and array-backed: the proxy only iterates a request's fields, and looks up one rarely
        HttpHeaders headers = new ReadOnlyHttpHeaders(false, fields.toArray(new CharSequence[0]));
        return new ParsedRequest(version, method, uri, headers, framing, keepAlive, http11 && expectContinue, host,
            requestId, tokens == null ? Set.of() : tokens);
    }

    /**
     * Notes the {@code close} and {@code keep-alive} options of a Connection field, and every other option, lower
     * case: the names of the hop-by-hop fields it declares. An option naming a framing field is refused: removing
     * Content-Length or Transfer-Encoding before forwarding would leave the body to be read as the next request, and
     * Host is needed by every hop.
     */
    private @Nullable RequestRejected connectionOptions(String value) {
        int n = value.length();
        for (int start = 0; start < n;) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int from = start;
            int to = end;
            while (from < to && isOws(value.charAt(from))) {
                from++;
            }
            while (to > from && isOws(value.charAt(to - 1))) {
                to--;
            }
            if (value.regionMatches(true, from, "close", 0, 5) && to - from == 5) {
                connectionClose = true;
            } else if (value.regionMatches(true, from, "keep-alive", 0, 10) && to - from == 10) {
                connectionKeepAlive = true;
            } else if (to > from) {
                String option = value.substring(from, to).toLowerCase(Locale.ROOT);
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
            start = end + 1;
        }
        return null;
    }

    Framing framing() {
        return framing;
    }

    /** The body length when {@link #framing()} is {@link Framing#FIXED}. */
    long contentLength() {
        return contentLength;
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
        String name = fieldName;
        if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
            && !name.equalsIgnoreCase("host")) {
            trailers.add(name, fieldValue);
        }
        return null;
    }

    /**
     * Decides the status for a request line longer than the limit, given its first {@code len} bytes: 414 when they
     * read as a method, one SP and a request-target that has not ended (or is followed only by the start of an
     * HTTP version), so the target is what made the line long; 400 for anything else.
     */
    static RequestRejected overlongRequestLine(byte[] b, int len) {
        int i = 0;
        while (i < len && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        if (i > 0 && i < len && b[i] == ' ') {
            int targetStart = ++i;
            while (i < len && TARGET[b[i] & 0xFF]) {
                i++;
            }
            if (i > targetStart && (i == len || (b[i] == ' ' && isVersionPrefix(b, i + 1, len)))) {
                return new RequestRejected(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request-target too long");
            }
        }
        return badRequest("request line too long");
    }

    /**
     * Splits a field line {@code name ":" OWS value OWS} into {@link #fieldName} and {@link #fieldValue} with the
     * OWS trimmed; returns {@code null} when it is well-formed and otherwise what is wrong.
     */
    private @Nullable String parseField(byte[] b, int len, String section) {
        if (b[0] == ' ' || b[0] == '\t') {
            return "obs-fold in " + section + " section";
        }
        int i = 0;
        while (i < len && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        if (i == len) {
            return "missing colon in " + section + " field";
        }
        if (b[i] != ':') {
            if (b[i] != ' ' && b[i] != '\t') {
                return invalid(b[i], section + " field name");
            }
            int j = i;
            while (j < len && (b[j] == ' ' || b[j] == '\t')) {
                j++;
            }
            return j < len && b[j] == ':' ? "whitespace before colon in " + section + " field"
                : "whitespace in " + section + " field name";
        }
        if (i == 0) {
            return "empty " + section + " field name";
        }
        int nameEnd = i++;
        while (i < len && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int end = len;
        while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        for (int j = i; j < end; j++) {
            if (!FIELD_VALUE[b[j] & 0xFF]) {
                return invalid(b[j], section + " field value");
            }
        }
        fieldName = latin1(b, 0, nameEnd);
        fieldValue = latin1(b, i, end - i);
        return null;
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

    /** Transfer codings as RFC 9112 §6.1 and §7 allow them here: a list ending in exactly one chunked. */
    private static @Nullable RequestRejected checkTransferCodings(CharSequence te) {
        List<String> codings = new ArrayList<>(2);
        int n = te.length();
        for (int start = 0; start <= n; ) {
            int comma = start;
            while (comma < n && te.charAt(comma) != ',') {
                comma++;
            }
            int from = start;
            int to = comma;
            while (from < to && isOws(te.charAt(from))) {
                from++;
            }
            while (to > from && isOws(te.charAt(to - 1))) {
                to--;
            }
            // Empty list elements are ignored (RFC 9110 §5.6.1).
            if (from < to) {
                for (int k = from; k < to; k++) {
                    char c = te.charAt(k);
                    if (c > 0xFF || !TCHAR[c]) {
                        return badRequest("invalid Transfer-Encoding");
                    }
                }
                codings.add(te.subSequence(from, to).toString());
            }
            start = comma + 1;
        }
        if (codings.isEmpty()) {
            return badRequest("empty Transfer-Encoding");
        }
        int last = codings.size() - 1;
        if (!codings.get(last).equalsIgnoreCase("chunked")) {
            return badRequest("Transfer-Encoding does not end with chunked");
        }
        for (int k = 0; k < last; k++) {
            if (codings.get(k).equalsIgnoreCase("chunked")) {
                return badRequest("chunked applied more than once");
            }
        }
        return last == 0 ? null
            : new RequestRejected(HttpResponseStatus.NOT_IMPLEMENTED, "transfer coding not supported");
    }

    /** 1*DIGIT that fits in a long, or -1. */
    private static long parseContentLength(String value) {
        int n = value.length();
        if (n == 0) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int d = value.charAt(i) - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean isHost(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !HOST[c]) {
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
        return isDigit(b[i + 5]) && b[i + 6] == '.' && isDigit(b[i + 7]);
    }

    /** Whether {@code b[from, to)} could begin an {@code HTTP/d.d} version. */
    private static boolean isVersionPrefix(byte[] b, int from, int to) {
        if (to - from > 8) {
            return false;
        }
        for (int k = 0; from + k < to; k++) {
            byte c = b[from + k];
            boolean ok = k < 5 ? c == HTTP_VERSION_PREFIX[k] : k == 6 ? c == '.' : isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int start, int end, String prefix) {
        if (end - start < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase(b[start + k]) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static String invalid(byte c, String where) {
        return switch (c) {
            case '\r' -> "bare CR in " + where;
            case 0 -> "NUL in " + where;
            case '#' -> "fragment in " + where;
            default -> "invalid byte 0x%02x in %s".formatted(c & 0xFF, where);
        };
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** Every byte is one char (ISO-8859-1), so obs-text survives re-encoding unchanged. */
    private static String latin1(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
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
