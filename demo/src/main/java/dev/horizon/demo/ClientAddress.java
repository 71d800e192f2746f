package dev.horizon.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * The address of the client a request came from, as the login throttle counts it. Behind Horizon's gateway the
 * shop's peer is the gateway, so the client is the right-most entry of {@code X-Forwarded-For} — the one the
 * gateway itself appended or wrote (it replaces the header of clients it does not trust, see docs/gateway.md). That
 * header is believed only from a loopback peer, where the shop's gateway runs; from anyone else it is ignored, as a
 * client could write any address there.
 */
final class ClientAddress {

    /** An IPv4 or IPv6 literal (a loose check: it only has to keep junk out of the throttle's keys). */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private ClientAddress() {
    }

    static String of(HttpServletRequest req) {
        String peer = req.getRemoteAddr();
        String forwarded = req.getHeader("X-Forwarded-For");
        if (forwarded == null || !isLoopback(peer)) {
            return peer;
        }
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
        return ADDRESS.matcher(last).matches() ? last : peer;
    }

    private static boolean isLoopback(String address) {
        try {
            return ADDRESS.matcher(address).matches() && InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
