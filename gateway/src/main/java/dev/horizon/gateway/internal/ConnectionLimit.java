package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http2.Http2Connections;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the gateway does when a client connects while {@code max-connections} are open: the connections that wait
 * for a request head (silent since accept, idle between keep-alive requests, or trickling a head in) and the HTTP/2
 * connections without an open stream (closed with GOAWAY) make room, oldest first, so that a pile of connections
 * doing nothing cannot lock every new client out.
 *
 * <p>Implementation notes. Only reached at the limit, so it may scan: one pass over the open connections copies out
 * the waiting ones with their waiting-since times (read racily, once each, so the sort sees fixed keys), and the
 * oldest {@link #batch} are evicted at once, so that a flood of new connections costs one scan per batch rather than
 * one per connection. A victim is marked so that no later scan picks it again, and closes on its own event loop after
 * the tail of its last response has left; until then the count passes the limit, by at most one batch: past that, new
 * connections are closed at accept. HAProxy and nginx refuse (or queue) past their limit instead; the request-headers
 * deadline for a first head keeps waiting connections short-lived anyway, and eviction covers the time until it fires.
 */
final class ConnectionLimit {

    private ConnectionLimit() {
    }

    /** How many waiting connections one eviction closes: {@code max(1, limit / 64)}. */
    static int batch(int limit) {
        return Math.max(1, limit / 64);
    }

    /**
     * Whether a new connection may be accepted with {@code open} connections open, evicting waiting ones at the
     * limit: HTTP/1.1 {@code connections}, and {@code http2} ones.
     */
    static boolean admit(int open, int limit, Map<ProxyHandler, Channel> connections,
        Collection<Http2Connections.Idle> http2) {
        if (open < limit) {
            return true;
        }
        return open < limit + batch(limit) && evictWaiting(connections, http2, batch(limit));
    }

    private record Candidate(Runnable evict, long since) {
    }

    /** Evicts up to {@code batch} of the oldest waiting connections; whether there was any. */
    private static boolean evictWaiting(Map<ProxyHandler, Channel> connections,
        Collection<Http2Connections.Idle> http2, int batch) {
        List<Candidate> waiting = new ArrayList<>();
        for (Map.Entry<ProxyHandler, Channel> c : connections.entrySet()) {
            ProxyHandler p = c.getKey();
            HeadWait wait = p.headWait();
            if (wait.waiting()) {
                Channel ch = c.getValue();
                waiting.add(new Candidate(() -> p.evictIfWaiting(ch), wait.since()));
            }
        }
        for (Http2Connections.Idle h : http2) {
            if (h.waiting()) {
                waiting.add(new Candidate(h::evictIfIdle, h.since()));
            }
        }
        if (waiting.isEmpty()) {
            return false;
        }
        // nano times are compared by difference, which stays right across a wrap of the clock
        waiting.sort((a, b) -> Long.signum(a.since() - b.since()));
        for (int i = 0; i < Math.min(batch, waiting.size()); i++) {
            waiting.get(i).evict().run();
        }
        return true;
    }
}
