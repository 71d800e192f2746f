package dev.horizon.gateway.internal;

import dev.horizon.gateway.TlsConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code https-redirect}: a request that arrived over plain HTTP is answered with a permanent redirect to
 * the same host, path and query over HTTPS, on the port of {@code gateway.tls.listen} (left out when it is 443, and
 * 443 without a TLS listener). Over TLS the route serves as usual, and so it does for a trusted proxy that says
 * {@code X-Forwarded-Proto: https} (it terminated TLS itself; redirecting it would loop).
 *
 * <p>{@code GET} and {@code HEAD} get {@code 301 Moved Permanently}, which every client follows; other methods get
 * {@code 308 Permanent Redirect} (RFC 9110 §15.4.9), since a 301 lets a client change a {@code POST} into a
 * {@code GET} and lose its body (§15.4.2). nginx's {@code return 301 https://$host$request_uri} does the first half.
 */
final class HttpsRedirect {

    private HttpsRedirect() {
    }

    /** Whether the exchange is to be redirected rather than served: it came over plain HTTP. */
    static boolean applies(Exchange e) {
        return !e.client.https() && !(e.client.trustedPeer()
            && "https".equalsIgnoreCase(e.request.headers().get(ForwardedHeaders.X_FORWARDED_PROTO)));
    }

    /** Answers the exchange with the redirect. */
    static void answer(ProxyHandler connection, Exchange e) {
        String host = e.view.host();
        if (host.isEmpty()) {
            connection.answer(e, HttpResponseStatus.BAD_REQUEST, "no Host to redirect to https with");
            return;
        }
        HttpMethod m = e.request.method();
        HttpResponseStatus status = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD)
            ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT;
        String location = location(host, port(e.snapshot.config().tls()), e.view.originForm());
        connection.answer(e, status, "redirect to " + location,
            ErrorResponses.body(status, "redirect to " + location, e.requestId), "location: " + location + "\r\n");
    }

    /** {@code https://host[:port]target}, the port left out when it is 443. */
    static String location(String host, int port, String target) {
        return "https://" + host + (port == 443 ? "" : ":" + port) + target;
    }

    private static int port(@Nullable TlsConfig tls) {
        return tls == null ? 443 : tls.listen().getPort();
    }
}
