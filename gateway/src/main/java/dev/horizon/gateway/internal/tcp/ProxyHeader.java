package dev.horizon.gateway.internal.tcp;

import dev.horizon.gateway.TcpListener.ProxyProtocol;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol header (HAProxy's {@code send-proxy} / {@code send-proxy-v2}) an endpoint connection starts
 * with: the client's address as source, the address it connected to as destination, command {@code PROXY}, no TLVs.
 * Netty's {@code HAProxyMessageEncoder} writes the bytes ({@code PROXY TCP4 192.0.2.1 198.51.100.1 51000 6380\r\n}
 * for v1; the 12-byte signature, version/command {@code 0x21}, family {@code 0x11} or {@code 0x21} and the
 * addresses for v2). A client and a destination of different families are both written as IPv6, an IPv4 address
 * as {@code ::ffff:a.b.c.d}, as the specification asks of a proxy that mixes them.
 */
final class ProxyHeader {

    private ProxyHeader() {
    }

    /** The header for a client at {@code source} that connected to {@code destination}; null for {@code NONE}. */
    static @Nullable HAProxyMessage of(ProxyProtocol protocol, InetSocketAddress source,
        InetSocketAddress destination) {
        if (protocol == ProxyProtocol.NONE) {
            return null;
        }
        HAProxyProtocolVersion version = protocol == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1
            : HAProxyProtocolVersion.V2;
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        return new HAProxyMessage(version, HAProxyCommand.PROXY,
            v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6, text(src, v4), text(dst, v4),
            source.getPort(), destination.getPort());
    }

    private static String text(InetAddress a, boolean v4) {
        if (v4 || !(a instanceof Inet4Address)) {
            return a.getHostAddress();
        }
        return "::ffff:" + a.getHostAddress();
    }
}
