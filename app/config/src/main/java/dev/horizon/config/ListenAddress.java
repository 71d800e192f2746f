package dev.horizon.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The {@code host:port} a listener binds: {@code gateway.listen} and {@code gateway.admin}. The host is an IPv4
 * literal ({@code 0.0.0.0} for every interface), a bracketed IPv6 literal ({@code [::1]:8080}, {@code [::]:8080}) or
 * {@code localhost} (the loopback address); port 0 asks the system for a free port.
 *
 * <p>Other host names are refused rather than resolved: a listener binds an interface address, and loading a file
 * should not depend on DNS.
 */
final class ListenAddress {

    private ListenAddress() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with the parenthesised expectation
     */
    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("(expected: host:port, e.g. 127.0.0.1:8080)");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65_535) {
            throw new IllegalArgumentException("(expected: host:port with a port in 0..65535)");
        }
        int port = Integer.parseInt(portText);
        if (host.equals("localhost")) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        InetAddress address;
        if (host.startsWith("[") && host.endsWith("]")) {
            address = IpLiteral.parse(host.substring(1, host.length() - 1));
            if (address == null || address.getAddress().length != 16) {
                throw new IllegalArgumentException("(expected: an IPv6 address in brackets, e.g. [::1]:8080)");
            }
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("(expected: an IPv6 address in brackets, e.g. [::1]:8080)");
        } else {
            address = IpLiteral.parse(host);
            if (address == null) {
                throw new IllegalArgumentException(
                    "(expected: an IP address or localhost, then :port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080)");
            }
        }
        return new InetSocketAddress(address, port);
    }

    /** {@code address} as a file writes it: {@code 127.0.0.1:8080}, {@code [::1]:8080}. */
    static String text(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString()
            : ip.getAddress().length == 16 ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return host + ":" + address.getPort();
    }
}
