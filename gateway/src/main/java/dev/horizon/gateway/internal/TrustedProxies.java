package dev.horizon.gateway.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses whose forwarding headers the gateway believes, from {@code gateway.trusted-proxies}: single
 * addresses or CIDR blocks, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1/128}).
 */
final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Trust nobody. */
    static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses each entry.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            blocks.add(Block.parse(entry.trim()));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(List.copyOf(blocks));
    }

    /** Whether {@code address} is in one of the blocks. */
    boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Whether no address is trusted. */
    boolean isEmpty() {
        return blocks.isEmpty();
    }

    private record Block(byte[] network, int prefix) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException(
                    "trusted-proxies: '" + entry + "' (expected: an IP address or CIDR block, e.g. 10.0.0.0/8)");
            }
            byte[] network;
            try {
                network = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("trusted-proxies: '" + entry + "' is not an IP address", e);
            }
            int max = network.length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException(
                        "trusted-proxies: '" + entry + "': prefix length (expected: 0.." + max + ")");
                }
            }
            return new Block(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
