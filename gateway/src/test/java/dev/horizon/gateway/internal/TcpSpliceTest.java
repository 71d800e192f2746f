package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.internal.tcp.TcpLog;
import dev.horizon.testing.Eventually;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk transfers through a {@code tcp} listener, copying and splicing: every byte arrives in order both ways, a half
 * close is passed on, and the access log and metrics count exactly what went through. The endpoint answers only after
 * the client's FIN, so the gateway writes megabytes to a half-closed client connection: the case
 * {@code EpollInterest} exists for (without it, this lost data on a loaded machine about one run in four).
 */
class TcpSpliceTest {

    private static final int UP = 3 * 1024 * 1024 + 17;
    private static final int DOWN = 24 * 1024 * 1024 + 5;

    private final ConcurrentLinkedQueue<TcpLog.Entry> log = new ConcurrentLinkedQueue<>();

    /** The byte at {@code i} of the stream seeded {@code seed}: a pattern no shift or repeat of a chunk keeps. */
    private static byte at(long i, int seed) {
        long x = (i + seed) * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ i);
    }

    private static long write(OutputStream out, int n, int seed) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[65_536];
        for (int done = 0; done < n; ) {
            int len = Math.min(chunk.length, n - done);
            for (int i = 0; i < len; i++) {
                chunk[i] = at(done + i, seed);
            }
            out.write(chunk, 0, len);
            crc.update(chunk, 0, len);
            done += len;
        }
        out.flush();
        return crc.getValue();
    }

    /** Reads to the end of the stream: {@code {bytes, crc}}. */
    private static long[] readAll(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[65_536];
        long n = 0;
        for (int r; (r = in.read(chunk)) >= 0; ) {
            crc.update(chunk, 0, r);
            n += r;
        }
        return new long[] {n, crc.getValue()};
    }

    private static long crcOf(int n, int seed) {
        CRC32 crc = new CRC32();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = at(i, seed);
        }
        crc.update(b);
        return crc.getValue();
    }

    @ParameterizedTest(name = "splice: {0}")
    @ValueSource(booleans = {false, true})
    void relaysMegabytesBothWaysWithHalfCloseAndCountsEveryByte(boolean splice) throws Exception {
        if (splice) {
            Assumptions.assumeTrue(Epoll.isAvailable(), "splice needs the epoll transport (Linux)");
        }
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // the endpoint reads the upload to its end (the client's FIN, passed on), then answers and closes
            CompletableFuture<long[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = endpoint.accept()) {
                    long[] got = readAll(s.getInputStream());
                    write(s.getOutputStream(), DOWN, 2);
                    return got;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(),
                    List.of(ServiceConfig.of("bulk", List.of(new EndpointConfig("127.0.0.1:" + endpoint.getLocalPort(),
                        1, "")))))
                .withTcp(List.of(TcpListener.of("front", new InetSocketAddress("127.0.0.1", 0), "bulk")
                    .withSplice(splice)));
            DataPlane plane = DataPlane.start(config, log::add);
            try (Socket client = new Socket("127.0.0.1", Objects.requireNonNull(plane.tcpAddress("front")).getPort())) {
                client.setSoTimeout(30_000);
                long sent = write(client.getOutputStream(), UP, 1);
                client.shutdownOutput();

                long[] down = readAll(client.getInputStream());

                assertThat(received.get(30, TimeUnit.SECONDS)).containsExactly(UP, sent);
                assertThat(down).containsExactly(DOWN, crcOf(DOWN, 2));
                Eventually.await("the access-log entry", () -> log.size() == 1);
                assertThat(plane.metricsText())
                    .contains("horizon_tcp_bytes_total{listener=\"front\",service=\"bulk\",direction=\"in\"} " + UP
                        + "\n")
                    .contains("horizon_tcp_bytes_total{listener=\"front\",service=\"bulk\",direction=\"out\"} " + DOWN
                        + "\n");
            } finally {
                plane.shutdown(Duration.ofSeconds(1));
            }
            TcpLog.Entry e = Objects.requireNonNull(log.peek());
            assertThat(e.bytesIn()).isEqualTo(UP);
            assertThat(e.bytesOut()).isEqualTo(DOWN);
            assertThat(e.cause()).isEmpty();
        }
    }
}
