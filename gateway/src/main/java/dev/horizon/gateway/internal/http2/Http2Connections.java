package dev.horizon.gateway.internal.http2;

import dev.horizon.gateway.Http2Config;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Makes a client connection an HTTP/2 one: Netty's frame codec and a multiplexer giving each stream a channel of its
 * own, set up by {@code streams} (a {@link StreamBridge} in front of the HTTP/1.1 pipeline).
 *
 * <p>Implementation notes — the limits (Netty 4.2's {@code AbstractHttp2ConnectionHandlerBuilder}):
 * <ul>
 *   <li>{@code SETTINGS_MAX_CONCURRENT_STREAMS} is advertised ({@code max-concurrent-streams}, 100 as HAProxy; Netty
 *       advertises none by default) and a stream over it is refused with {@code REFUSED_STREAM};</li>
 *   <li>{@code SETTINGS_MAX_HEADER_LIST_SIZE}: a block over it is a stream error, one over 1.25 times it (however it
 *       is split in CONTINUATION frames) closes the connection — the CONTINUATION flood; runs of small CONTINUATION
 *       frames are capped by Netty's default too;</li>
 *   <li>Rapid Reset (CVE-2023-44487): over {@code max-resets} RST_STREAM frames received per {@code reset-window},
 *       the connection ends with GOAWAY (ENHANCE_YOUR_CALM); MadeYouReset (CVE-2025-55163): the same count of resets
 *       the gateway sends, since a client can provoke those with invalid frames on open streams;</li>
 *   <li>SETTINGS and PING floods: over {@code max-control-frames} acknowledgements queued unwritten (a client that
 *       does not read) close the connection; runs of empty DATA frames are capped at 2.</li>
 * </ul>
 * Shutdown: the drain event closes the connection gracefully — GOAWAY with the last stream id, then the open
 * streams finish and the connection closes (streams the client opens after the GOAWAY are ignored, RFC 9113 §6.8).
 */
public final class Http2Connections {

    private final Http2Config config;
    private final Consumer<Http2StreamChannel> streams;
    private final Object drainEvent;
    private final LongSupplier nanos;
    private final LongSupplier idleNanos;

    /**
     * Connections under {@code config}; {@code streams} sets up each stream's channel; see {@link #install}. A
     * connection without streams closes after {@code idleNanos} of silence by the gateway's clock {@code nanos}.
     */
    public Http2Connections(Http2Config config, Consumer<Http2StreamChannel> streams, Object drainEvent,
        LongSupplier nanos, LongSupplier idleNanos) {
        this.config = config;
        this.streams = streams;
        this.drainEvent = drainEvent;
        this.nanos = nanos;
        this.idleNanos = idleNanos;
    }

    /**
     * An HTTP/2 connection as the connection limit sees it: whether it has no open stream (and was not evicted
     * already), since when, and its eviction. {@link #waiting()} and {@link #since()} may be read on any thread,
     * racily.
     */
    public interface Idle {
        /** Whether the connection has no open stream and may be evicted. */
        boolean waiting();

        /** Since when it has had no open stream, on the gateway's nano clock. */
        long since();

        /** Closes the connection gracefully (GOAWAY) if it still has no open stream on its event loop; any thread. */
        void evictIfIdle();
    }

    /**
     * Adds the HTTP/2 handlers at the end of {@code pipeline}; {@code drainEvent} starts a graceful close. Returns
     * the connection's idleness, for the connection limit.
     */
    public Idle install(ChannelPipeline pipeline) {
        int window = (int) config.resetWindow().toSeconds();
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
            .initialSettings(Http2Settings.defaultSettings()
                .maxConcurrentStreams(config.maxConcurrentStreams())
                .maxHeaderListSize(config.maxHeaderListSize())
                .initialWindowSize(config.initialWindowSize()))
            .decoderEnforceMaxRstFramesPerWindow(config.maxResets(), window)
            .encoderEnforceMaxRstFramesPerWindow(config.maxResets(), window)
            .encoderEnforceMaxQueuedControlFrames(config.maxControlFrames())
            .decoderEnforceMaxConsecutiveEmptyDataFrames(2)
            .gracefulShutdownTimeoutMillis(-1)
            .validateHeaders(true)
            .build();
        IdleClose idle = new IdleClose(nanos, idleNanos, codec);
        pipeline.addLast("h2-idle", idle)
            .addLast("h2", codec)
            .addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel ch) {
                    streams.accept(ch);
                }
            }))
            .addLast("h2-drain", new Drain(drainEvent));
        return idle;
    }

    /**
     * Turns the drain event into a graceful close: GOAWAY, then the close once the open streams have ended; the last
     * handler of the connection.
     */
    private static final class Drain extends ChannelInboundHandlerAdapter {
        private final Object event;

        Drain(Object event) {
            this.event = event;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == event) {
                Channel ch = ctx.channel();
                ch.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        /**
         * The network's errors and the codec's own (answered by the codec: GOAWAY or a reset, then a close) end here;
         * another closes the connection at once and goes on to be logged.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException) && !(cause instanceof Http2Exception)) {
                ctx.channel().close();
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
