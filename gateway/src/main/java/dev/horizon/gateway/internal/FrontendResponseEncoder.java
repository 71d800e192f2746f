package dev.horizon.gateway.internal;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told by the proxy when the response being written answers a HEAD request, so that a
 * forwarded {@code Transfer-Encoding: chunked} or {@code Content-Length} header does not make it write a body
 * (Netty's {@code HttpServerCodec} tracks this from its own decoder, which Horizon does not use).
 */
final class FrontendResponseEncoder extends HttpResponseEncoder {

    private boolean headResponse;

    /** Whether the next response head written answers a HEAD request. */
    void nextResponseAnswersHead(boolean head) {
        this.headResponse = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return headResponse || super.isContentAlwaysEmpty(msg);
    }
}
