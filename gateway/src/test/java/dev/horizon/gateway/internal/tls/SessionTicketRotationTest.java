package dev.horizon.gateway.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.horizon.gateway.TestCertificates;
import dev.horizon.gateway.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's two-key session-ticket rotation with the BoringSSL engine, seen by {@code openssl s_client}: a
 * session resumes across one rotation (the previous key still decrypts) and not across two.
 */
class SessionTicketRotationTest {

    @TempDir
    Path dir;

    @Test
    void aTicketResumesAcrossOneRotationAndNotAcrossTwo() throws Exception {
        TestCertificates.assumeOpenssl();
        assumeTrue(TlsEngine.best().provider() != SslProvider.JDK,
            "needs the OpenSSL engine (netty-tcnative-boringssl-static for linux-x86_64), which is not loadable here");
        TestCertificates certs = new TestCertificates(dir);
        TlsConfig config = TlsConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(certs.leaf("a", TestCertificates.Key.EC_P256, 0x1001, false, "a.test")));
        CertificateStore store = new CertificateStore(config, TlsEngine.of(SslProvider.OPENSSL), InstantSource.system(),
            new TicketKeys(new SecureRandom()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SniHandler(store.mapping(), 16_384, 10_000));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Path session = dir.resolve("session.pem");

            String first = sClient(port, "-sess_out", session.toString());
            String sameKeys = sClient(port, "-sess_in", session.toString());
            store.rotateTicketKeys();
            String oneRotation = sClient(port, "-sess_in", session.toString());
            store.rotateTicketKeys();
            String twoRotations = sClient(port, "-sess_in", session.toString());

            assertThat(first).contains("New, TLSv1.2");
            assertThat(sameKeys).contains("Reused, TLSv1.2");
            assertThat(oneRotation).contains("Reused, TLSv1.2");
            assertThat(twoRotations).contains("New, TLSv1.2");
            server.close().sync();
        } finally {
            store.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One TLS 1.2 handshake (tickets are part of it in 1.2) with {@code options}; what s_client printed. */
    private static String sClient(int port, String... options) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
            "127.0.0.1:" + port, "-servername", "a.test", "-tls1_2"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
