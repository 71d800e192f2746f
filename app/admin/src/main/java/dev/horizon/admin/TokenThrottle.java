package dev.horizon.admin;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down guessing of the admin token: after {@link #MAX_FAILURES} wrong tokens in a row from one client address,
 * that address is locked out for one second, and each further lock-out doubles the window up to five minutes. A
 * locked-out client is answered 429 without its token being looked at, so even the right token waits; a right token
 * outside a lock-out forgets the address's history.
 *
 * <p>Implementation notes: this is the shape of fail2ban's and OpenSSH's {@code PerSourcePenalties} (a per-source
 * penalty that grows while failures continue), kept in memory per admin server. Bounded memory: at most
 * {@link #MAX_CLIENTS} addresses are tracked; when full, addresses that are not locked out are forgotten first, then
 * the one whose lock-out ends soonest. A 256-bit generated token cannot be guessed anyway; the throttle matters for a
 * short {@code HORIZON_ADMIN_TOKEN}. Every client on the loopback interface shares one address, so a local process that
 * sends wrong tokens locks the operator's {@code horizon} verbs out too, for as long as it keeps doing so.
 */
final class TokenThrottle {

    /** Wrong tokens in a row before a lock-out. */
    static final int MAX_FAILURES = 5;
    static final long FIRST_LOCKOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_LOCKOUT_NANOS = TimeUnit.MINUTES.toNanos(5);
    static final int MAX_CLIENTS = 4096;

    private final LongSupplier nanoClock;
    private final Map<String, Client> clients = new HashMap<>();

    /** What is known about one client address. */
    private static final class Client {
        int failures;
        long lockout;
        long lockedUntil;
    }

    TokenThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** How long {@code client} must wait before its token is checked again, in nanoseconds; 0 when it need not. */
    synchronized long waitNanos(String client) {
        Client c = clients.get(client);
        return c == null || c.lockout == 0 ? 0 : Math.max(0, c.lockedUntil - nanoClock.getAsLong());
    }

    /** {@code client} sent a wrong token. */
    synchronized void failed(String client) {
        long now = nanoClock.getAsLong();
        Client c = clients.get(client);
        if (c == null) {
            makeRoom(now);
            c = new Client();
            clients.put(client, c);
        }
        if (++c.failures >= MAX_FAILURES) {
            c.failures = 0;
            c.lockout = c.lockout == 0 ? FIRST_LOCKOUT_NANOS : Math.min(MAX_LOCKOUT_NANOS, c.lockout * 2);
            c.lockedUntil = now + c.lockout;
        }
    }

    /** {@code client} sent the right token. */
    synchronized void succeeded(String client) {
        clients.remove(client);
    }

    private void makeRoom(long now) {
        if (clients.size() < MAX_CLIENTS) {
            return;
        }
        clients.values().removeIf(c -> c.lockout == 0 || c.lockedUntil - now <= 0);
        if (clients.size() >= MAX_CLIENTS) {
            clients.remove(Collections.min(clients.entrySet(),
                Comparator.comparingLong(e -> e.getValue().lockedUntil - now)).getKey());
        }
    }
}
