package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Chars;
import dev.horizon.gateway.internal.http1.FieldName;
import dev.horizon.gateway.TlsConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The headers a proxy adds, strips and rewrites between client and backend.
 *
 * <p>Hop-by-hop headers ({@link FieldName#isHopByHop()}, the one list the response decoder uses too, and every header
 * {@code Connection} names) never cross the gateway in either direction; message framing is re-created on each side.
 *
 * <p>Forwarding headers: from a trusted proxy the incoming {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and
 * {@code Forwarded} are kept and the peer is appended; from anyone else they are spoofable and are replaced by what
 * the gateway saw. The client address used for hashing and logs is the right-most untrusted address of the chain.
 */
final class ForwardedHeaders {

    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    static final AsciiString VIA = AsciiString.cached("via");
    static final String VIA_VALUE = "1.1 horizon";
    private static final byte[] SP_HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON_SP_FOR = ": for=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUOTE_BRACKET = "\"[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BRACKET_QUOTE = "]\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROTO_HTTP = ";proto=http".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROTO_HTTPS = ";proto=https".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST_PARAMETER = ";host=\"".getBytes(StandardCharsets.US_ASCII);
    private static final short COLON_SP = (short) 0x3A20;
    private static final short CRLF = (short) 0x0D0A;

    private static final AsciiString[] FORWARDING = {X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST, FORWARDED};

    private ForwardedHeaders() {
    }

    /**
     * Who sent a request: the socket peer and its address as text, whether it is a trusted proxy, the resolved
     * client address, and whether it came over TLS (then {@code X-Forwarded-Proto: https}, {@code proto=https}).
     */
    record Client(InetSocketAddress peer, String peerAddress, boolean trustedPeer, String address, boolean https,
        @Nullable ClientCertificateField certificate) {
    }

    /** Resolves the client of a request that arrived from {@code peer} over plain HTTP. */
    static Client client(InetSocketAddress peer, HttpHeaders headers, TrustedProxies trusted) {
        return client(peer, headers, trusted, false);
    }

    /** Resolves the client of a request that arrived from {@code peer}, over TLS when {@code https}. */
    static Client client(InetSocketAddress peer, HttpHeaders headers, TrustedProxies trusted, boolean https) {
        return client(peer, headers, trusted, https, null);
    }

    /**
     * Resolves the client of a request that arrived from {@code peer} over the connection {@code ssl} secures (null:
     * plain HTTP), with the TLS listener's settings {@code tls}.
     */
    static Client client(InetSocketAddress peer, HttpHeaders headers, TrustedProxies trusted, @Nullable SslHandler ssl,
        @Nullable TlsConfig tls) {
        return client(peer, headers, trusted, ssl != null, ClientCertificateField.of(ssl, tls));
    }

    private static Client client(InetSocketAddress peer, HttpHeaders headers, TrustedProxies trusted, boolean https,
        @Nullable ClientCertificateField cert) {
        InetAddress peerAddress = peer.getAddress();
        String peerText = peerAddress == null ? peer.getHostString() : peerAddress.getHostAddress();
        if (peerAddress == null || trusted.isEmpty() || !trusted.trusts(peerAddress)) {
            return new Client(peer, peerText, false, peerText, https, cert);
        }
        List<String> chain = headers.getAll(X_FORWARDED_FOR);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String[] hops = chain.get(i).split(",");
            for (int j = hops.length - 1; j >= 0; j--) {
                String hop = hops[j].trim();
                if (!hop.isEmpty() && !isTrustedLiteral(hop, trusted)) {
                    return new Client(peer, peerText, true, hop, https, cert);
                }
            }
        }
        return new Client(peer, peerText, true, peerText, https, cert);
    }

    private static boolean isTrustedLiteral(String hop, TrustedProxies trusted) {
        if (!hop.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return trusted.trusts(InetAddress.getByName(hop));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Writes the request head the backend receives: {@code METHOD target HTTP/1.1}, the client's end-to-end header
     * fields as received, forwarding fields per trust, the request id, {@code Via}, and {@code Transfer-Encoding:
     * chunked} when the body is chunked, then the empty line. Names and values are written one byte per char
     * (ISO-8859-1), so obs-text passes unchanged.
     */
    static void writeBackendHead(HeadBuilder out, ParsedRequest request, String target, Client client,
        String requestId, boolean hasChunkedBody) {
        HttpHeaders in = request.headers();
        out.append(request.method().asciiName()).append(' ').append(target).append(SP_HTTP_1_1_CRLF);
        Set<String> named = request.connectionTokens();
        String host = request.host();
        ClientCertificateField cert = client.certificate();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            FieldName known = FieldName.of(name);
            if (known.isHopByHop() || known == FieldName.X_REQUEST_ID || isNamedBy(named, name)
                || !client.trustedPeer() && isOneOf(name, FORWARDING)
                || cert != null && sameName(cert.name(), name)) {
                continue;
            }
            out.field(name, h.getValue());
        }
        String peer = client.trustedPeer() ? client.peerAddress() : client.address();
        out.field(X_FORWARDED_FOR, peer);
        if (!client.trustedPeer()) {
            out.field(X_FORWARDED_PROTO, client.https() ? "https" : "http");
            if (!host.isEmpty()) {
                out.field(X_FORWARDED_HOST, host);
            }
        }
        out.append(FORWARDED).append(COLON_SP_FOR);
        if (peer.indexOf(':') >= 0) {
            out.append(QUOTE_BRACKET).append(peer).append(BRACKET_QUOTE);
        } else {
            out.append(peer);
        }
        out.append(client.https() ? PROTO_HTTPS : PROTO_HTTP);
        if (!host.isEmpty()) {
            out.append(HOST_PARAMETER);
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        out.crlf();
        String certValue = cert == null ? null : cert.value();
        if (cert != null && certValue != null) {
            out.field(cert.name(), certValue);
        }
        out.field(X_REQUEST_ID, requestId)
            .field(VIA, VIA_VALUE);
        if (hasChunkedBody) {
            out.field(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (request.webSocket()) {
            // the hop-by-hop fields of the handshake, dropped above, are this hop's too (RFC 6455 §4.1)
            out.field(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .field(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        out.crlf();
    }

    /** Writes {@code name: value CRLF}. */
    static void field(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeShort(COLON_SP);
        ByteBufUtil.writeAscii(out, value);
        out.writeShort(CRLF);
    }

    /** Whether {@code Connection} named the field {@code name}, which makes it hop-by-hop as well. */
    private static boolean isNamedBy(Set<String> connectionTokens, CharSequence name) {
        return !connectionTokens.isEmpty() && connectionTokens.contains(name.toString().toLowerCase(Locale.ROOT));
    }

    private static boolean isOneOf(CharSequence name, AsciiString[] names) {
        for (AsciiString n : names) {
            if (sameName(n, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} is {@code field} to an application: ignoring case, and with {@code _} read as {@code -}.
     * CGI, WSGI, Rack and PHP map both {@code X-Client-Cert} and {@code X_Client_Cert} to {@code HTTP_X_CLIENT_CERT},
     * so a field the gateway sets (or removes from an untrusted client) is removed under either spelling, or a client
     * could forge it beside the real one (nginx refuses underscores by default, {@code underscores_in_headers off}).
     */
    static boolean sameName(CharSequence field, CharSequence name) {
        int n = field.length();
        if (name.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char a = field.charAt(i);
            char b = name.charAt(i);
            if (a != b && AsciiString.toLowerCase(a) != AsciiString.toLowerCase(b) && !(a == '-' && b == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A new request id: 128 random bits as 32 lower-case hex digits. */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] id = new byte[32];
        hex(r.nextLong(), id, 0);
        hex(r.nextLong(), id, 16);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** Whether a client-supplied request id is safe to keep: 1..128 of {@code [A-Za-z0-9._:-]}. */
    static boolean isAcceptableRequestId(String id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '-' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void hex(long v, byte[] out, int at) {
        long rest = v;
        for (int i = 15; i >= 0; i--) {
            out[at + i] = Chars.hexDigit((int) (rest & 0xF));
            rest >>>= 4;
        }
    }
}
