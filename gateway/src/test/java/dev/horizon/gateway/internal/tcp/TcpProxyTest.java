package dev.horizon.gateway.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.internal.GatewayClock;
import dev.horizon.testing.Eventually;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy's own rules over real sockets, with one echo endpoint behind it: the idle timeout, max-connections and a
 * reload that moves a listener.
 */
class TcpProxyTest {

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    private final Class<? extends ServerChannel> serverClass =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    private final Class<? extends SocketChannel> channelClass =
        epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    private final ConcurrentLinkedQueue<TcpLog.Entry> log = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Socket> accepted = new ConcurrentLinkedQueue<>();
    private final ServerSocket endpoint;
    private final TcpProxy proxy;

    TcpProxyTest() throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::echo);
        TcpEndpoint e = new TcpEndpoint("127.0.0.1:" + endpoint.getLocalPort(),
            new InetSocketAddress("127.0.0.1", endpoint.getLocalPort()));
        TcpService service = new TcpService() {
            @Override
            public @Nullable TcpEndpoint pick(String clientAddress, Set<String> tried) {
                return e;
            }

            @Override
            public int attempts() {
                return 1;
            }

            @Override
            public void connected(TcpEndpoint endpoint) {
            }

            @Override
            public void connectFailed(TcpEndpoint endpoint) {
            }

            @Override
            public void closed(TcpEndpoint endpoint) {
            }
        };
        proxy = new TcpProxy(group, serverClass, channelClass, name -> name.equals("echo") ? service : null, log::add,
            GatewayClock.system());
    }

    /** Accepts connections and echoes each one's bytes until it ends. */
    private void echo() {
        while (!endpoint.isClosed()) {
            try {
                Socket s = endpoint.accept();
                accepted.add(s);
                threads.execute(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException ignored) {
                        // the test closed it
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        proxy.stopAccepting();
        proxy.closeAll();
        endpoint.close();
        threads.shutdownNow();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static TcpListener listener(String host, Duration idle, int max) {
        return TcpListener.of("front", new InetSocketAddress(host, 0), "echo").withLimits(idle, max);
    }

    private int port() {
        return Objects.requireNonNull(proxy.address("front")).getPort();
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket(host, port);
        s.setSoTimeout(20_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        byte[] got = s.getInputStream().readNBytes(text.length());
        return new String(got, StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "splice: {0}")
    @ValueSource(booleans = {false, true})
    void theIdleTimeoutClosesBothSides(boolean splice) throws Exception {
        proxy.apply(List.of(listener("127.0.0.1", Duration.ofMillis(200), 10).withSplice(splice)));
        try (Socket client = connect("127.0.0.1", port())) {
            assertThat(roundTrip(client, "ping")).isEqualTo("ping");

            assertThat(client.getInputStream().read()).isEqualTo(-1);
            Socket backend = Objects.requireNonNull(accepted.peek());
            Eventually.await("the endpoint connection to close", backend::isClosed);
        }
        Eventually.await("the access-log entry", () -> log.size() == 1);
        TcpLog.Entry e = Objects.requireNonNull(log.peek());
        assertThat(e.cause()).isEqualTo("idle timeout");
        assertThat(e.bytesIn()).isEqualTo(4);
        assertThat(e.bytesOut()).isEqualTo(4);
    }

    @Test
    void maxConnectionsClosesTheConnectionOverTheCapAtAccept() throws Exception {
        proxy.apply(List.of(listener("127.0.0.1", Duration.ofHours(1), 1)));
        try (Socket first = connect("127.0.0.1", port()); Socket second = connect("127.0.0.1", port())) {
            assertThat(roundTrip(first, "one")).isEqualTo("one");

            assertThat(second.getInputStream().read()).isEqualTo(-1);
            assertThat(roundTrip(first, "still")).isEqualTo("still");
            Eventually.await("the refused connection's entry", () -> log.size() == 1);
            TcpLog.Entry e = Objects.requireNonNull(log.peek());
            assertThat(e.cause()).isEqualTo("max connections");
            assertThat(e.endpoint()).isEmpty();
            assertThat(e.attempts()).isZero();
            assertThat(accepted).hasSize(1);
            StringBuilder metrics = new StringBuilder();
            proxy.render(metrics);
            assertThat(metrics.toString())
                .contains("horizon_tcp_connections_total{listener=\"front\",service=\"echo\"} 2\n")
                .contains("horizon_tcp_active_connections{listener=\"front\",service=\"echo\"} 1\n");
        }
    }

    @Test
    void aReloadThatMovesTheListenerClosesTheOldSocketKeepsOpenConnectionsAndBindsTheNewOne() throws Exception {
        proxy.apply(List.of(listener("127.0.0.1", Duration.ofHours(1), 10)));
        int oldPort = port();
        try (Socket open = connect("127.0.0.1", oldPort)) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            proxy.apply(List.of(listener("127.0.0.2", Duration.ofHours(1), 10)));

            InetSocketAddress moved = Objects.requireNonNull(proxy.address("front"));
            assertThat(moved.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(accepts("127.0.0.1", oldPort)).isFalse();
            assertThat(roundTrip(open, "after")).isEqualTo("after");
            try (Socket fresh = connect("127.0.0.2", moved.getPort())) {
                assertThat(roundTrip(fresh, "new")).isEqualTo("new");
                assertThat(proxy.connections()).isEqualTo(2);
            }
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket(host, port)) {
            InputStream in = s.getInputStream();
            return in != null;
        } catch (IOException refused) {
            return false;
        }
    }
}
