package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB upload and a 1 GiB download pass through the gateway while the memory Netty holds stays bounded: bodies
 * are streamed with backpressure, never buffered whole.
 */
class GatewayStreamingTest {

    private static final long GIB = 1L << 30;
    private static final long BOUND = 64L << 20;

    private EventLoopGroup backendGroup;
    private Channel backend;
    private Gateway gateway;
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final AtomicLong peakNetty = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong();
    private Thread sampler;

    @BeforeEach
    void start() {
        backendGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new ServerBootstrap().group(backendGroup).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new ChunkedWriteHandler(), new StreamingBackend());
                }
            }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        String address = "127.0.0.1:" + ((InetSocketAddress) backend.localAddress()).getPort();
        ServiceConfig service = new ServiceConfig("files", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null, null,
            OutlierDetection.DEFAULTS, new RetryPolicy(0, 20, 3, false), SlowStart.NONE,
            Pool.DEFAULT_PANIC_THRESHOLD_PERCENT, List.of(new EndpointConfig(address, 1, "")));
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "files")), List.of(service)));
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                peakNetty.accumulateAndGet(metric.usedDirectMemory() + metric.usedHeapMemory(), Math::max);
                peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        sampling.set(false);
        sampler.join();
        gateway.shutdown(Duration.ofSeconds(1));
        backend.close().syncUninterruptibly();
        backendGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void oneGibUploadStreamsThroughWithBoundedMemory() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gateway.address().getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            String head = "POST /upload HTTP/1.1\r\nHost: files\r\nContent-Length: " + GIB
                + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[256 * 1024];
            for (long sent = 0; sent < GIB; sent += block.length) {
                out.write(block);
            }
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("received " + GIB);
        }
        System.out.printf("1 GiB upload: peak Netty buffers %d KiB, peak heap %d MiB%n", peakNetty.get() >> 10,
            peakHeap.get() >> 20);
        assertThat(peakNetty.get()).isLessThan(BOUND);
    }

    @Test
    void oneGibDownloadStreamsThroughWithBoundedMemory() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gateway.address().getPort())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(("GET /download HTTP/1.1\r\nHost: files\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                total += n;
            }
            assertThat(total).isGreaterThan(GIB).isLessThan(GIB + 1024);
        }
        System.out.printf("1 GiB download: peak Netty buffers %d KiB, peak heap %d MiB%n", peakNetty.get() >> 10,
            peakHeap.get() >> 20);
        assertThat(peakNetty.get()).isLessThan(BOUND);
    }

    /** Counts uploaded bytes; streams a GiB of zeros for downloads. */
    private static final class StreamingBackend extends SimpleChannelInboundHandler<HttpObject> {
        private long received;
        private boolean upload;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest request) {
                upload = request.uri().startsWith("/upload");
                received = 0;
                if (!upload) {
                    DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK);
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, GIB);
                    ctx.write(response);
                    ctx.writeAndFlush(new HttpChunkedInput(new ZeroChunks(GIB)));
                }
            }
            if (msg instanceof HttpContent content) {
                received += content.content().readableBytes();
                if (upload && content instanceof LastHttpContent) {
                    byte[] body = ("received " + received).getBytes(StandardCharsets.US_ASCII);
                    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    ctx.writeAndFlush(response);
                }
            }
        }
    }

    /** {@code size} zero bytes in 64 KiB slices of one shared buffer: no copying, so the backend is never the limit. */
    private static final class ZeroChunks implements ChunkedInput<ByteBuf> {
        private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(Unpooled.directBuffer(65_536)
            .writeZero(65_536).asReadOnly());
        private final long size;
        private long sent;

        ZeroChunks(long size) {
            this.size = size;
        }

        @Override
        public boolean isEndOfInput() {
            return sent >= size;
        }

        @Override
        public void close() {
        }

        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            int n = (int) Math.min(ZEROS.readableBytes(), size - sent);
            sent += n;
            return ZEROS.retainedSlice(0, n);
        }

        @Override
        public long length() {
            return size;
        }

        @Override
        public long progress() {
            return sent;
        }
    }
}
