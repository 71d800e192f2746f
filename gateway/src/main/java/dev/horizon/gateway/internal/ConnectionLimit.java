package dev.horizon.gateway.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the gateway does when a client connects while {@code max-connections} are open: the connections that wait
 * for a request head (silent since accept, idle between keep-alive requests, or trickling a head in) make room,
 * oldest first, so that a pile of connections doing nothing cannot lock every new client out.
 *
 * <p>Implementation notes. Only reached at the limit, so it may scan: one pass over the open connections collects
 * the waiting ones, and the oldest {@code max(1, limit / 64)} are closed at once, so that a flood of new connections
 * costs one scan per batch rather than one per connection. The new connection is accepted before the evicted ones
 * have closed on their event loops, so the count may pass the limit by a batch for a moment. HAProxy and nginx
 * refuse (or queue) past their limit instead; HAProxy's "timeout http-request" and Horizon's request-headers
 * timeout for a first head keep the waiting ones short-lived anyway, and eviction covers the time until they fire.
 */
final class ConnectionLimit {

    private ConnectionLimit() {
    }

    /**
     * Closes the oldest waiting connections among {@code open}.
     *
     * @return whether any was waiting (and is being closed), so the new connection may be accepted
     */
    static boolean evictWaiting(Collection<ProxyHandler> open, int limit) {
        List<ProxyHandler> waiting = new ArrayList<>();
        for (ProxyHandler p : open) {
            if (p.waitingForRequest()) {
                waiting.add(p);
            }
        }
        if (waiting.isEmpty()) {
            return false;
        }
        // nano times are compared by difference, which stays right across a wrap of the clock
        waiting.sort((a, b) -> Long.signum(a.waitingSince() - b.waitingSince()));
        int batch = Math.min(waiting.size(), Math.max(1, limit / 64));
        for (int i = 0; i < batch; i++) {
            waiting.get(i).evictIfWaiting();
        }
        return true;
    }
}
