package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 attacks sent as raw frames over a real socket (h2c with prior knowledge, the same codec and limits as
 * h2 over TLS): Rapid Reset, MadeYouReset, the CONTINUATION flood, a stream-limit overflow, a header block over the
 * limit and a PING flood. The offender's connection gets GOAWAY and is closed (or the one stream refused) while the
 * gateway keeps serving others. And flow control: a client that grants no window holds the endpoint's write.
 */
class GatewayHttp2AttackTest {

    private static final int ENHANCE_YOUR_CALM = 0xB;
    private static final int REFUSED_STREAM = 0x7;
    private static final int PROTOCOL_ERROR = 0x1;

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestBackend backend;
    private Gateway gateway;

    @BeforeEach
    void start() {
        backend = kit.backend("shop-1");
        gateway = gateway(backend.address());
    }

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    private Gateway gateway(String endpoint) {
        return kit.gateway(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(endpoint, 1, "")))))
            .withHttp2(new Http2Config(true, true, 100, 16_384, 65_535, 200, Duration.ofSeconds(30), 10_000)));
    }

    private H2RawClient client(int receiveBuffer) throws IOException {
        return kit.closeLater(new H2RawClient(gateway.address().getPort(), receiveBuffer));
    }

    /** The connection got GOAWAY(ENHANCE_YOUR_CALM) and was closed. */
    private static void assertCalmedDown(H2RawClient c) throws IOException {
        H2RawClient.Frame goaway = c.until(H2RawClient.GOAWAY);
        assertThat(goaway).isNotNull();
        assertThat(goaway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
        assertThat(c.closedByPeer()).isTrue();
    }

    /** Another client is still served: a GET on a fresh connection answers 200. */
    private void othersStillServed() throws Exception {
        try (H2RawClient other = new H2RawClient(gateway.address().getPort(), 0)) {
            other.get(1, "/other", true);
            other.flush();
            H2RawClient.Frame head = other.until(H2RawClient.HEADERS);
            assertThat(head).isNotNull();
            assertThat(H2RawClient.decode(head).status().toString()).isEqualTo("200");
        }
    }

    @Test
    void rapidResetClosesTheConnectionWithGoaway() throws Exception {
        H2RawClient c = client(0);
        try {
            for (int i = 0; i < 300; i++) {
                int stream = 1 + 2 * i;
                c.get(stream, "/r", true);
                c.reset(stream, 0x8); // CANCEL
            }
            c.flush();
        } catch (IOException closedWhileSending) {
            // the gateway may close before the last frames are written
        }

        assertCalmedDown(c);
        othersStillServed();
    }

    @Test
    void madeYouResetClosesAConnectionThatProvokesTooManyResets() throws Exception {
        backend.handler(s -> TestBackend.Reply.ok("x").held());
        H2RawClient c = client(0);
        try {
            for (int i = 0; i < 300; i++) {
                int stream = 1 + 2 * i;
                c.get(stream, "/m", false);
                // a WINDOW_UPDATE of 0 on an open stream is a stream error: the gateway resets the stream itself
                c.frame(H2RawClient.WINDOW_UPDATE, 0, stream, H2RawClient.int32(0));
            }
            c.flush();
        } catch (IOException closedWhileSending) {
            // the gateway may close before the last frames are written
        }

        assertCalmedDown(c);
        backend.handler(s -> TestBackend.Reply.ok("shop-1"));
        othersStillServed();
    }

    @Test
    void continuationFloodClosesTheConnection() throws Exception {
        H2RawClient c = client(0);
        byte[] filler = H2RawClient.block("/c", "x-filler", "a".repeat(1000));
        try {
            c.frame(H2RawClient.HEADERS, 0, 1, filler);
            for (int i = 0; i < 1000; i++) {
                c.frame(H2RawClient.CONTINUATION, 0, 1, filler); // never END_HEADERS
            }
            c.flush();
        } catch (IOException closedWhileSending) {
            // expected once the block is over the limit
        }

        assertThat(c.until(H2RawClient.GOAWAY)).isNotNull();
        assertThat(c.closedByPeer()).isTrue();
        othersStillServed();
    }

    @Test
    void aStreamOverTheConcurrentLimitIsRefusedAndTheConnectionLives() throws Exception {
        backend.handler(s -> TestBackend.Reply.ok("held").held());
        H2RawClient c = client(0);
        for (int i = 0; i < 101; i++) {
            c.get(1 + 2 * i, "/s" + i, true);
        }
        c.flush();

        H2RawClient.Frame reset = c.until(H2RawClient.RST_STREAM);
        assertThat(reset).isNotNull();
        assertThat(reset.stream()).isEqualTo(201);
        assertThat(reset.errorCode()).isEqualTo(REFUSED_STREAM);
        assertThat(c.answersPing()).isTrue();
        Eventually.await("the 100 streams held at the endpoint", () -> backend.heldCount() == 100);
        backend.releaseHeld();
    }

    @Test
    void aHeaderBlockOverTheLimitGets431AndTheConnectionLives() throws Exception {
        H2RawClient c = client(0);
        byte[] block = H2RawClient.block("/big", "x-big", "b".repeat(17_000));
        c.frame(H2RawClient.HEADERS, 0, 1, java.util.Arrays.copyOfRange(block, 0, 16_000));
        c.frame(H2RawClient.CONTINUATION, H2RawClient.END_HEADERS, 1,
            java.util.Arrays.copyOfRange(block, 16_000, block.length));
        c.flush();

        H2RawClient.Frame answer = c.until(H2RawClient.HEADERS);
        assertThat(answer).isNotNull();
        Http2Headers headers = H2RawClient.decode(answer);
        assertThat(headers.status().toString()).isEqualTo("431");
        assertThat(c.answersPing()).isTrue();
        assertThat(backend.seen()).isEmpty();
    }

    @Test
    void aPingFloodFromAClientThatDoesNotReadClosesTheConnection() throws Exception {
        H2RawClient c = client(4096);
        boolean closedWhileSending = false;
        byte[] ping = new byte[8];
        try {
            // 85 MB of PINGs: more than the sockets' buffers hold, so the gateway reads them while its ACKs queue
            for (int i = 0; i < 5_000_000; i++) {
                c.frame(H2RawClient.PING, 0, 0, ping);
            }
            c.flush();
        } catch (IOException e) {
            closedWhileSending = true;
        }

        assertThat(closedWhileSending).isTrue();
        othersStillServed();
    }

    @Test
    void dataDisagreeingWithContentLengthResetsTheStream() throws Exception {
        H2RawClient c = client(0);
        c.frame(H2RawClient.HEADERS, H2RawClient.END_HEADERS, 1, H2RawClient.block("/post", "content-length", "3"));
        c.frame(H2RawClient.DATA, H2RawClient.END_STREAM, 1, "four".getBytes(StandardCharsets.US_ASCII));
        c.flush();

        H2RawClient.Frame reset = c.until(H2RawClient.RST_STREAM);
        assertThat(reset).isNotNull();
        assertThat(reset.stream()).isEqualTo(1);
        assertThat(reset.errorCode()).isEqualTo(PROTOCOL_ERROR);
        assertThat(c.answersPing()).isTrue();
        assertThat(backend.seen()).isEmpty();
    }

    @Test
    void aConnectionWithoutStreamsClosesAfterTheIdleTimeout() throws Exception {
        Timeouts t = Timeouts.DEFAULTS;
        gateway = kit.gateway(gateway.config().withTimeouts(new Timeouts(t.connect(), t.requestHeaders(),
            Duration.ofMillis(500), t.backend(), t.total())));
        H2RawClient c = client(0);
        c.get(1, "/once", true);
        c.flush();
        assertThat(c.until(H2RawClient.HEADERS)).isNotNull();

        H2RawClient.Frame goaway = c.until(H2RawClient.GOAWAY);
        assertThat(goaway).isNotNull();
        assertThat(goaway.errorCode()).isZero();
        assertThat(c.closedByPeer()).isTrue();
    }

    @Test
    void aClientThatGrantsNoWindowHoldsTheEndpointsWrite() throws Exception {
        long body = 64L << 20;
        AtomicLong written = new AtomicLong();
        AtomicLong writeStarted = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread writer = Thread.ofPlatform().daemon().start(() -> serveDownload(server, body, written,
                writeStarted));
            gateway = gateway("127.0.0.1:" + server.getLocalPort());
            H2RawClient c = client(0);
            c.get(1, "/download", true);
            c.flush();
            long received = 0;
            while (received < 65_535) { // the initial window, which the client never widens
                H2RawClient.Frame f = c.read();
                assertThat(f).isNotNull();
                if (f.type() == H2RawClient.DATA) {
                    received += f.payload().length;
                }
            }

            Eventually.await("the endpoint's write blocked by the gateway", () -> writeStarted.get() != 0
                && System.nanoTime() - writeStarted.get() > Duration.ofSeconds(1).toNanos());
            assertThat(received).isEqualTo(65_535);
            // what the endpoint could write is the gateway's small buffers and the sockets' kernel buffers, far from
            // the whole 64 MiB download
            assertThat(written.get()).isLessThan(24L << 20);
            writer.interrupt();
        }
    }

    /** Accepts one connection, reads a request head, and writes a {@code body}-byte response in 64 KiB writes. */
    private static void serveDownload(ServerSocket server, long body, AtomicLong written,
        AtomicLong writeStarted) {
        try (Socket s = server.accept()) {
            byte[] head = new byte[4096];
            int n = s.getInputStream().read(head);
            assertThat(n).isPositive();
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + body + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[65_536];
            while (written.get() < body) {
                writeStarted.set(System.nanoTime());
                out.write(piece);
                writeStarted.set(0);
                written.addAndGet(piece.length);
            }
        } catch (IOException e) {
            // the test ended
        }
    }
}
