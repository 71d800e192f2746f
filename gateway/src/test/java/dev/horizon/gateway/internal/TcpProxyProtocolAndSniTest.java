package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.TcpListener.ProxyProtocol;
import dev.horizon.gateway.internal.tcp.TcpLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROXY protocol headers as an endpoint receives them, and SNI passthrough as {@code openssl s_client} sees it. */
class TcpProxyProtocolAndSniTest {

    @TempDir
    Path dir;

    private static GatewayConfig config(List<ServiceConfig> services, List<TcpListener> listeners) {
        return GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(), services).withTcp(listeners);
    }

    private static ServiceConfig service(String name, int port) {
        return ServiceConfig.of(name, List.of(new EndpointConfig("127.0.0.1:" + port, 1, "")));
    }

    /** What the endpoint received on its first connection, up to the client's {@code hi}. */
    private static byte[] relayThrough(ProxyProtocol protocol, int[] clientPort, int[] gatewayPort)
            throws IOException {
        try (ServerSocket endpoint = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            TcpListener front = TcpListener.of("front", new InetSocketAddress("127.0.0.1", 0), "raw")
                .withProxyProtocol(protocol);
            DataPlane plane = DataPlane.start(config(List.of(service("raw", endpoint.getLocalPort())),
                List.of(front)), TcpLog.NONE);
            try (Socket client = new Socket("127.0.0.1", Objects.requireNonNull(plane.tcpAddress("front")).getPort())) {
                clientPort[0] = client.getLocalPort();
                gatewayPort[0] = client.getPort();
                client.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
                endpoint.setSoTimeout(10_000);
                try (Socket accepted = endpoint.accept()) {
                    accepted.setSoTimeout(10_000);
                    return upToHi(accepted.getInputStream());
                }
            } finally {
                plane.shutdown(Duration.ofSeconds(1));
            }
        }
    }

    private static byte[] upToHi(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("hi")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.write(b);
        }
        return got.toByteArray();
    }

    @Test
    void writesTheVersion1TextHeaderBeforeTheClientsBytes() throws IOException {
        int[] clientPort = new int[1];
        int[] gatewayPort = new int[1];
        byte[] received = relayThrough(ProxyProtocol.V1, clientPort, gatewayPort);

        assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo(
            "PROXY TCP4 127.0.0.1 127.0.0.1 " + clientPort[0] + " " + gatewayPort[0] + "\r\nhi");
    }

    @Test
    void writesTheVersion2BinaryHeaderBeforeTheClientsBytes() throws IOException {
        int[] clientPort = new int[1];
        int[] gatewayPort = new int[1];
        byte[] received = relayThrough(ProxyProtocol.V2, clientPort, gatewayPort);

        ByteBuffer expected = ByteBuffer.allocate(30)
            .put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A})
            .put((byte) 0x21) // version 2, command PROXY
            .put((byte) 0x11) // AF_INET, STREAM
            .putShort((short) 12)
            .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1})
            .putShort((short) clientPort[0]).putShort((short) gatewayPort[0])
            .put("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(received).isEqualTo(expected.array());
    }

    @Test
    void choosesTheServiceByTheClientHellosServerNameWithoutTerminatingTls() throws Exception {
        Assumptions.assumeTrue(run("openssl", "version").startsWith("OpenSSL"), "openssl is not installed");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel a = tlsServer(group, "a.example.com");
            Channel b = tlsServer(group, "b.example.com");
            InetSocketAddress shared = new InetSocketAddress("127.0.0.1", 0);
            DataPlane plane = DataPlane.start(config(
                List.of(service("svc-a", port(a)), service("svc-b", port(b))),
                List.of(TcpListener.of("exact", shared, "svc-a").withSni("a.example.com"),
                    TcpListener.of("wildcard", shared, "svc-b").withSni("*.example.com"))), TcpLog.NONE);
            try {
                int front = Objects.requireNonNull(plane.tcpAddress("exact")).getPort();

                assertThat(subject(front, "a.example.com")).isEqualTo("CN=a.example.com");
                assertThat(subject(front, "b.example.com")).isEqualTo("CN=b.example.com");
                assertThat(subject(front, "A.Example.COM")).isEqualTo("CN=a.example.com");
                assertThat(subject(front, "other.test")).isEmpty();
            } finally {
                plane.shutdown(Duration.ofSeconds(1));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A TLS server with a certificate for {@code name} that openssl made, on a free port. */
    private Channel tlsServer(EventLoopGroup group, String name) throws Exception {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + name,
            "-keyout", key.toString(), "-out", cert.toString());
        SslContext ssl = SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    /** The subject of the certificate {@code openssl s_client -servername NAME} got, spaces removed; or "". */
    private static String subject(int port, String serverName) throws IOException, InterruptedException {
        String out = run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", serverName);
        for (String line : out.split("\n")) {
            if (line.startsWith("subject=")) {
                return line.substring("subject=".length()).replace(" ", "");
            }
        }
        return "";
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        p.waitFor(20, TimeUnit.SECONDS);
        return out.toString(StandardCharsets.UTF_8);
    }
}
