package dev.horizon.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals, recognised without name resolution: {@link InetAddress#getByName} looks up anything it does
 * not take for a literal (and takes {@code 10.1} for {@code 10.0.0.1}), so dotted quads are checked here first.
 */
final class IpLiteral {

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address {@code text} spells (IPv4 dotted quad or IPv6 without brackets), or null if it spells none. */
    static @Nullable InetAddress parse(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // A literal: with the checks above, no lookup happens.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Checks a {@code gateway.trusted-proxies} entry, an address or a CIDR block ({@code 10.0.0.0/8},
     * {@code 127.0.0.1}, {@code ::1/128}).
     *
     * @throws IllegalArgumentException with the parenthesised expectation
     */
    static void checkBlock(String entry) {
        int slash = entry.indexOf('/');
        InetAddress address = parse(slash < 0 ? entry : entry.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("(expected: an IP address or CIDR block, e.g. 10.0.0.0/8)");
        }
        if (slash >= 0) {
            int max = address.getAddress().length * 8;
            String prefix = entry.substring(slash + 1);
            if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > max) {
                throw new IllegalArgumentException("(expected: a prefix length in 0.." + max + " after /)");
            }
        }
    }
}
