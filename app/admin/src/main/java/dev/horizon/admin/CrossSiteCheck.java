package dev.horizon.admin;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a mutating admin request that a web page in the operator's browser made: one whose {@code Origin} is
 * present and is not the admin API's own, or whose {@code Sec-Fetch-Site} is {@code cross-site} or {@code same-site}.
 * Together with requiring {@code Content-Type: application/json} (which a page can only send after a CORS preflight
 * the admin API never grants) this stops cross-site request forgery even before the token is checked.
 *
 * <p>Implementation notes: the OWASP CSRF Prevention Cheat Sheet ("Verifying Origin with standard headers", "Fetch
 * Metadata headers"). Browsers send {@code Origin} on every POST (Fetch standard, "append a request Origin header")
 * and {@code Sec-Fetch-Site} on every request; clients that are not browsers ({@code curl}, the {@code horizon}
 * verbs) send neither and pass. {@code same-site} is refused too because sites ignore ports: a page served by the
 * gateway on {@code 127.0.0.1:8080} is same-site with the admin API on {@code 127.0.0.1:9090}. The admin API's own
 * origins are {@code http://} plus its listen address, plus {@code localhost}, {@code 127.0.0.1} and {@code [::1]}
 * when it listens on loopback; on a wildcard address the request's {@code Host} stands in for the listen host.
 */
final class CrossSiteCheck {

    private final InetSocketAddress listener;
    private final Set<String> own;
    /** The {@code Host} values a loopback listener answers: its own origins without the scheme. */
    private final Set<String> hosts;

    CrossSiteCheck(InetSocketAddress listener) {
        this.listener = listener;
        Set<String> origins = new LinkedHashSet<>();
        int port = listener.getPort();
        origins.add(origin(host(listener), port));
        if (listener.getAddress().isLoopbackAddress()) {
            origins.add(origin("localhost", port));
            origins.add(origin("127.0.0.1", port));
            origins.add(origin("[::1]", port));
        }
        this.own = Set.copyOf(origins);
        Set<String> names = new LinkedHashSet<>();
        for (String o : origins) {
            names.add(o.substring("http://".length()));
        }
        this.hosts = Collections.unmodifiableSet(names);
    }

    /**
     * Why a request naming {@code host} is refused, or null: on a loopback listener only its own names pass (or no
     * {@code Host} at all), so a web page whose DNS name an attacker rebinds to {@code 127.0.0.1} cannot read the
     * admin API — its {@code GET}s, the dashboard's event stream included, which need no token on loopback — with the
     * operator's browser (DNS rebinding: the browser sends the attacker's name as {@code Host}).
     */
    @Nullable String hostRefusal(@Nullable String host) {
        if (host == null || !listener.getAddress().isLoopbackAddress()
            || hosts.contains(host.strip().toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "Host: " + host.strip() + " refused (expected: " + String.join(", ", hosts)
            + "; a loopback admin API answers only its own names)";
    }

    /** Why a request with these headers is refused, or null when it is not. */
    @Nullable String refusal(@Nullable String origin, @Nullable String fetchSite, @Nullable String host) {
        if (fetchSite != null) {
            String site = fetchSite.strip().toLowerCase(Locale.ROOT);
            if (site.equals("cross-site") || site.equals("same-site")) {
                return "cross-site request refused (Sec-Fetch-Site: " + site + ")";
            }
        }
        if (origin == null) {
            return null;
        }
        String o = origin.strip().toLowerCase(Locale.ROOT);
        boolean wildcard = listener.getAddress().isAnyLocalAddress();
        if (own.contains(o) || wildcard && host != null
            && o.equals("http://" + host.strip().toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "cross-site request refused (Origin: " + origin.strip() + "; expected: none, or this admin API's own, "
            + origin(host(listener), listener.getPort()) + ")";
    }

    private static String host(InetSocketAddress a) {
        String literal = a.getAddress().getHostAddress();
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        return a.getAddress() instanceof Inet6Address ? "[" + literal + "]" : literal;
    }

    /** The ASCII serialization of an http origin (RFC 6454 §6.2): the default port is left out. */
    private static String origin(String host, int port) {
        return ("http://" + host + (port == 80 ? "" : ":" + port)).toLowerCase(Locale.ROOT);
    }
}
