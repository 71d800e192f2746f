package dev.horizon.gateway.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP/2 request's header block written as the HTTP/1.1 request head the gateway's own strict decoder then reads,
 * so a stream passes the very checks, limits and routing of a request on an HTTP/1.1 connection (the h2-to-h1
 * translation nginx does). What HTTP/2 forbids and HTTP/1.1 would read differently is refused here first, as a
 * malformed request (RFC 9113 §8.1.1: a stream error of type {@code PROTOCOL_ERROR}):
 * <ul>
 *   <li>connection-specific fields: {@code connection}, {@code keep-alive}, {@code proxy-connection},
 *       {@code transfer-encoding}, {@code upgrade}, and {@code te} other than {@code trailers} (§8.2.2);</li>
 *   <li>a field value with CR, LF or NUL, or leading or trailing whitespace, and a name that is not a lowercase
 *       token (§8.2.1) — written into an HTTP/1.1 head they would split it (request smuggling);</li>
 *   <li>a missing {@code :method} or {@code :path}, a {@code :path} that is not origin- or asterisk-form, CONNECT
 *       (not proxied), a {@code host} that differs from {@code :authority} (§8.3.1), several differing
 *       {@code content-length}s.</li>
 * </ul>
 * {@code :authority} becomes {@code host}; {@code cookie} fields split by the client are joined with {@code "; "}
 * (§8.2.3). A body without a {@code content-length} goes on chunked.
 */
final class RequestHead {

    private static final Set<AsciiString> CONNECTION_SPECIFIC = Set.of(AsciiString.cached("connection"),
        AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
        AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"));
    private static final AsciiString TE = AsciiString.cached("te");
    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString COOKIE = AsciiString.cached("cookie");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");

    /** The head, and the body's length when the request declares one (-1: none, chunked if a body follows). */
    record Translated(ByteBuf head, long contentLength) {
    }

    private RequestHead() {
    }

    /**
     * Writes {@code headers} as an HTTP/1.1 head; {@code endStream}: no body follows.
     *
     * @throws Malformed naming what is wrong
     */
    static Translated translate(Http2Headers headers, boolean endStream, ByteBufAllocator alloc) {
        CharSequence method = headers.method();
        CharSequence path = headers.path();
        if (method == null || path == null) {
            throw new Malformed("no :method or :path");
        }
        if (AsciiString.contentEquals(method, "CONNECT")) {
            throw new Malformed("CONNECT is not proxied");
        }
        requireToken(method, ":method");
        requirePath(path, method);
        CharSequence authority = headers.authority();
        long length = -1;
        StringBuilder cookies = null;
        ByteBuf out = alloc.buffer(256);
        try {
            ByteBufUtil.writeAscii(out, method);
            out.writeByte(' ');
            ByteBufUtil.writeAscii(out, path);
            ByteBufUtil.writeAscii(out, " HTTP/1.1\r\n");
            if (authority != null) {
                requireValue(authority, ":authority");
                field(out, HOST, authority);
            }
            for (Map.Entry<CharSequence, CharSequence> h : headers) {
                CharSequence name = h.getKey();
                CharSequence value = h.getValue();
                if (name.length() > 0 && name.charAt(0) == ':') {
                    continue;
                }
                checkField(name, value);
                if (AsciiString.contentEquals(name, HOST)) {
                    if (authority == null) {
                        field(out, HOST, value);
                    } else if (!AsciiString.contentEqualsIgnoreCase(authority, value)) {
                        throw new Malformed("host '" + value + "' differs from :authority '" + authority + "'");
                    }
                } else if (AsciiString.contentEquals(name, COOKIE)) {
                    cookies = cookies == null ? new StringBuilder(value) : cookies.append("; ").append(value);
                } else if (AsciiString.contentEquals(name, CONTENT_LENGTH)) {
                    length = contentLength(value, length);
                } else {
                    field(out, name, value);
                }
            }
            if (cookies != null) {
                field(out, COOKIE, cookies);
            }
            if (length >= 0) {
                field(out, CONTENT_LENGTH, Long.toString(length));
            } else if (!endStream) {
                ByteBufUtil.writeAscii(out, "transfer-encoding: chunked\r\n");
            }
            out.writeByte('\r').writeByte('\n');
            return new Translated(out, length);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void checkField(CharSequence name, CharSequence value) {
        AsciiString lower = AsciiString.of(name);
        if (CONNECTION_SPECIFIC.contains(lower)) {
            throw new Malformed("connection-specific field " + name);
        }
        if (lower.contentEquals(TE) && !AsciiString.contentEqualsIgnoreCase(value, "trailers")) {
            throw new Malformed("te: " + value + " (only trailers is allowed)");
        }
        requireToken(name, "field name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw new Malformed("uppercase field name " + name);
            }
        }
        requireValue(value, name);
    }

    private static long contentLength(CharSequence value, long before) {
        long n = 0;
        if (value.length() == 0 || value.length() > 18) {
            throw new Malformed("content-length: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new Malformed("content-length: " + value);
            }
            n = n * 10 + (c - '0');
        }
        if (before >= 0 && before != n) {
            throw new Malformed("content-lengths " + before + " and " + n + " differ");
        }
        return n;
    }

    private static void requirePath(CharSequence path, CharSequence method) {
        boolean asterisk = path.length() == 1 && path.charAt(0) == '*' && AsciiString.contentEquals(method, "OPTIONS");
        if (!asterisk && (path.length() == 0 || path.charAt(0) != '/')) {
            throw new Malformed(":path '" + path + "' (expected: /... or * for OPTIONS)");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new Malformed(":path with a control character, a space or a non-ASCII byte");
            }
        }
    }

    private static void requireToken(CharSequence s, String what) {
        if (s.length() == 0) {
            throw new Malformed("empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > ' ' && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) {
                throw new Malformed(what + " '" + s + "' is not a token");
            }
        }
    }

    private static void requireValue(CharSequence value, CharSequence name) {
        int n = value.length();
        if (n > 0 && (isBlank(value.charAt(0)) || isBlank(value.charAt(n - 1)))) {
            throw new Malformed(name + ": leading or trailing whitespace");
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                throw new Malformed(name + ": CR, LF or NUL in the value");
            }
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static void field(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(':').writeByte(' ');
        ByteBufUtil.writeAscii(out, value);
        out.writeByte('\r').writeByte('\n');
    }

    /** A request HTTP/2 calls malformed (RFC 9113 §8.1.1). */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
