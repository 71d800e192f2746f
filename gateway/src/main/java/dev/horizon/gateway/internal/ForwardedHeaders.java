package dev.horizon.gateway.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The headers a proxy adds, strips and rewrites between client and backend.
 *
 * <p>Hop-by-hop headers (RFC 9110 §7.6.1: {@code Connection} and every header it names, {@code Keep-Alive},
 * {@code Proxy-Connection}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, and every
 * {@code Proxy-*}) never cross the gateway in either direction; message framing is re-created on each side.
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

    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE};
    private static final AsciiString[] FORWARDING = {X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST, FORWARDED};

    private ForwardedHeaders() {
    }

    /** Who sent a request: the socket peer, whether it is a trusted proxy, and the resolved client address. */
    record Client(InetSocketAddress peer, boolean trustedPeer, String address) {
    }

    /** Resolves the client of a request that arrived from {@code peer}. */
    static Client client(InetSocketAddress peer, HttpHeaders headers, TrustedProxies trusted) {
        InetAddress peerAddress = peer.getAddress();
        String peerText = peerAddress == null ? peer.getHostString() : peerAddress.getHostAddress();
        if (peerAddress == null || trusted.isEmpty() || !trusted.trusts(peerAddress)) {
            return new Client(peer, false, peerText);
        }
        List<String> chain = headers.getAll(X_FORWARDED_FOR);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String[] hops = chain.get(i).split(",");
            for (int j = hops.length - 1; j >= 0; j--) {
                String hop = hops[j].trim();
                if (!hop.isEmpty() && !isTrustedLiteral(hop, trusted)) {
                    return new Client(peer, true, hop);
                }
            }
        }
        return new Client(peer, true, peerText);
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
     * The headers to send to the backend: the client's end-to-end headers, forwarding headers per trust, the
     * request id and {@code Via}.
     */
    static HttpHeaders toBackend(HttpHeaders in, Client client, String requestId, boolean hasChunkedBody) {
        HttpHeaders out = new DefaultHttpHeaders(false);
        Set<String> named = connectionTokens(in);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            if (isHopByHop(name, named) || !client.trustedPeer() && isOneOf(name, FORWARDING)) {
                continue;
            }
            out.add(name, h.getValue());
        }
        String host = in.get(HttpHeaderNames.HOST, "");
        if (client.trustedPeer()) {
            out.add(X_FORWARDED_FOR, client.peer().getAddress().getHostAddress());
        } else {
            out.set(X_FORWARDED_FOR, client.address());
            out.set(X_FORWARDED_PROTO, "http");
            if (!host.isEmpty()) {
                out.set(X_FORWARDED_HOST, host);
            }
        }
        out.add(FORWARDED, forwardedElement(client.trustedPeer() ? client.peer().getAddress().getHostAddress()
            : client.address(), host));
        out.set(X_REQUEST_ID, requestId);
        out.add(VIA, VIA_VALUE);
        if (hasChunkedBody) {
            out.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        return out;
    }

    /** Strips hop-by-hop headers from a backend response in place and adds the request id and {@code Via}. */
    static void toClient(HttpHeaders headers, String requestId) {
        Set<String> named = connectionTokens(headers);
        for (AsciiString h : HOP_BY_HOP) {
            headers.remove(h);
        }
        if (!named.isEmpty() || hasProxyHeader(headers)) {
            for (String name : headers.names()) {
                if (isHopByHop(name, named)) {
                    headers.remove(name);
                }
            }
        }
        headers.set(X_REQUEST_ID, requestId);
        headers.add(VIA, VIA_VALUE);
    }

    /**
     * Whether a header must not be forwarded: a hop-by-hop header, any {@code Proxy-*} header, or one named by
     * {@code Connection}. Compares without allocating, whatever the name's case.
     */
    static boolean isHopByHop(CharSequence name, Set<String> connectionTokens) {
        return isOneOf(name, HOP_BY_HOP) || isProxyHeader(name)
            || !connectionTokens.isEmpty() && connectionTokens.contains(name.toString().toLowerCase(Locale.ROOT));
    }

    private static boolean isProxyHeader(CharSequence name) {
        return name.length() > 6 && AsciiString.regionMatches(name, true, 0, "proxy-", 0, 6);
    }

    private static boolean hasProxyHeader(HttpHeaders headers) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext();) {
            if (isProxyHeader(it.next().getKey())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOneOf(CharSequence name, AsciiString[] names) {
        for (AsciiString n : names) {
            if (n.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The lower-case header names listed in {@code Connection}. */
    static Set<String> connectionTokens(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new HashSet<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                String token = t.trim().toLowerCase(Locale.ROOT);
                if (!token.isEmpty() && !token.equals("close") && !token.equals("keep-alive")) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    private static String forwardedElement(String forAddress, String host) {
        String node = forAddress.indexOf(':') >= 0 ? "\"[" + forAddress + "]\"" : forAddress;
        StringBuilder element = new StringBuilder("for=").append(node).append(";proto=http");
        if (!host.isEmpty()) {
            element.append(";host=\"").append(host.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return element.toString();
    }

    /** A new request id: 128 random bits as 32 hex digits. */
    static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return hex(r.nextLong()) + hex(r.nextLong());
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

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }
}
