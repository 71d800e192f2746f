package dev.horizon.config;

import java.net.InetAddress;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code host:port} of a static endpoint ({@code services.NAME.endpoints}), checked when the file is loaded so a
 * value the gateway could never connect to ({@code a b:80}, {@code http://127.0.0.1:9001}) is refused with its line
 * instead of showing as healthy and failing every request with a 502.
 *
 * <p>The host is one of the three forms of RFC 3986 §3.2.2 that name a machine: an IPv4 dotted quad
 * ({@code 127.0.0.1}), an IPv6 literal in brackets ({@code [::1]}), or a registered name restricted to DNS host
 * names (RFC 1123 §2.1): labels of letters, digits, {@code -} and {@code _} (Docker and Compose names use it; the
 * route {@code host} match accepts it too), 1 to 63 characters, not starting or ending with {@code -}, joined by
 * single dots, 253 characters at most. The port is 1..65535 in decimal digits. Names are not resolved here: they are
 * resolved when the gateway connects.
 *
 * <p>Implementation notes. RFC 3986's {@code reg-name} also admits percent-encoding and sub-delimiters
 * ({@code !$&'()*+,;=}); no resolver turns those into an address, so they are refused like spaces. A dotted name of
 * digits only ({@code 10.1}, {@code 256.1.1.1}) is refused rather than read as a name: {@code inet_aton} reads
 * {@code 10.1} as {@code 10.0.0.1}, so what it means depends on the resolver.
 */
final class EndpointAddress {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final int MAX_NAME = 253;
    private static final int MAX_PORT = 65_535;

    private EndpointAddress() {
    }

    /**
     * Returns {@code text} when it is a valid endpoint address.
     *
     * @throws IllegalArgumentException {@code address: 'TEXT' ...(expected: ...)}, the key first, as the gateway's
     *     records write their messages
     */
    static String checked(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("address: '" + text + "'" + problem);
        }
        return text;
    }

    /** What is wrong with {@code text}, starting with a space or a colon, or null when it is a valid address. */
    private static @Nullable String problem(String text) {
        if (text.contains("://")) {
            return " (expected: host:port, without a scheme)";
        }
        if (text.indexOf('/') >= 0) {
            return " (expected: host:port, without a path)";
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.endsWith("]")) {
            return " (expected: host:port)";
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (!PORT.matcher(portText).matches()) {
            return host.indexOf(':') >= 0 && !host.startsWith("[")
                ? " (expected: an IPv6 address in brackets, then :port, e.g. [::1]:9001)"
                : ": port '" + portText + "' (expected: 1..65535)";
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > MAX_PORT) {
            return ": port " + port + " (expected: 1..65535)";
        }
        return hostProblem(host);
    }

    private static @Nullable String hostProblem(String host) {
        if (host.startsWith("[") || host.endsWith("]")) {
            String inner = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : "";
            // an IPv6 literal has a colon; ::ffff:127.0.0.1 parses to an IPv4 address and is still one
            InetAddress address = inner.indexOf(':') >= 0 ? IpLiteral.parse(inner) : null;
            return address != null ? null
                : ": host '" + host + "' (expected: an IPv6 address in brackets, e.g. [::1]:9001)";
        }
        if (host.indexOf(':') >= 0) {
            return " (expected: an IPv6 address in brackets, then :port, e.g. [::1]:9001)";
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            InetAddress address = IpLiteral.parse(host);
            return address != null ? null
                : ": host '" + host + "' (expected: an IPv4 address of four numbers 0..255, e.g. 127.0.0.1)";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.')) {
                return ": host '" + host + "' has " + describe(c) + " at position " + (i + 1) + " (expected: a host "
                    + "name of letters, digits, '-', '_' and '.', an IPv4 address or an IPv6 address in brackets)";
            }
        }
        if (host.length() > MAX_NAME) {
            return ": host name of " + host.length() + " characters (expected: at most " + MAX_NAME + ")";
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return ": host '" + host + "' (expected: dot-separated labels of 1 to 63 letters, digits, '-' or "
                    + "'_', not starting or ending with '-')";
            }
        }
        return null;
    }

    /** A character as a message names it. */
    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            default -> c < 0x20 || c == 0x7f ? String.format("the control character U+%04X", (int) c)
                : "'" + c + "'";
        };
    }
}
