package dev.horizon.gateway.internal;

import dev.horizon.balance.Endpoint;
import dev.horizon.gateway.Sticky;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import org.jspecify.annotations.Nullable;

/**
 * Sticky sessions ({@code sticky} of a service): a valid cookie pins a request's first attempt to the endpoint it
 * names while that endpoint is eligible, and a response from any other endpoint carries a new cookie naming it.
 * Cookies are signed by the service's own {@link StickyCookies} when it has a secret, else by the gateway's.
 *
 * <p>Stateless apart from the signer and the clock, so one instance serves every connection of a data plane.
 */
final class StickyRouting {

    private final StickyCookies gatewaySigner;
    private final GatewayClock clock;

    StickyRouting(StickyCookies gatewaySigner, GatewayClock clock) {
        this.gatewaySigner = gatewaySigner;
        this.clock = clock;
    }

    /**
     * The endpoint the request's valid cookie names if it is eligible now in the request's subset (its revision,
     * under a split), else null (the balancer picks); remembers the cookie's endpoint in {@link Exchange#stickyFrom}.
     * Only for a first attempt: a retry avoids that endpoint.
     */
    @Nullable Endpoint pinned(Exchange e, ServiceRuntime service) {
        Sticky config = service.config().sticky();
        if (config == null) {
            return null;
        }
        String id = signer(service).verify(e.view.cookie(config.cookie()), clock.epochMillis() / 1000);
        e.stickyFrom = id;
        return id == null ? null : service.eligible(id, e.subset);
    }

    /**
     * Appends {@code Set-Cookie} to the client-bound {@code head} when the service is sticky and the endpoint that
     * served is not the one the client's cookie named.
     */
    void addCookie(Exchange e, ByteBuf head) {
        ServiceRuntime service = e.service;
        Sticky config = service == null ? null : service.config().sticky();
        String served = e.attempts.lastEndpoint();
        if (service == null || config == null || served == null || served.equals(e.stickyFrom)) {
            return;
        }
        long ttl = config.ttl().toSeconds();
        DefaultCookie cookie = new DefaultCookie(config.cookie(),
            signer(service).sign(served, clock.epochMillis() / 1000 + ttl));
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setMaxAge(ttl);
        ForwardedHeaders.field(head, HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
    }

    private StickyCookies signer(ServiceRuntime service) {
        StickyCookies own = service.stickyCookies();
        return own == null ? gatewaySigner : own;
    }
}
