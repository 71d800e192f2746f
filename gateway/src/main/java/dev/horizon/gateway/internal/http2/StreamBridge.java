package dev.horizon.gateway.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The first handler of an HTTP/2 stream's channel: turns the stream into the bytes of one HTTP/1.1 request for the
 * gateway's HTTP/1.1 pipeline behind it (strict decoder, proxy), and the HTTP/1.1 response that pipeline writes back
 * into HEADERS and DATA frames. The request head comes from {@link RequestHead}; the body goes on as it arrives,
 * chunked when the client declared no length. A body whose DATA frames add up to other than its
 * {@code content-length} is malformed (RFC 9113 §8.1.1), as is anything {@link RequestHead} refuses: the stream is
 * reset with {@code PROTOCOL_ERROR} and the exchange behind it ends as a client's close. Flow control needs nothing
 * here: the stream channel reads (and grants the client window) while the proxy reads, and is writable while the
 * client's window and the connection take more, which is what the proxy follows to read the endpoint.
 *
 * <p>The end of the stream. Once the whole response is in frames, a later write (the proxy's empty flush before it
 * closes or lingers) completes when the last frame has left, not at once: Netty's close of a stream the client still
 * sends on resets it with {@code CANCEL}, which throws away the frames still queued (flow control, or a flush
 * deferred while the connection reads). A stream whose request the client is still sending then lingers, as an
 * HTTP/1.1 connection does ({@code LingeringClose}: what comes is dropped), and its close resets it with
 * {@code NO_ERROR} — RFC 9113 §8.1: a server that answered before the request is complete asks the client to stop
 * sending that way, as nginx does. Not at once: curl (7.88; curl/curl#22984) fails a transfer whose stream is reset
 * before it has seen the answer and stopped its upload. Netty's limit of sent resets counts neither {@code CANCEL}
 * nor {@code NO_ERROR} ({@code Http2MaxRstFrameLimitEncoder}, 4.2). A close before the last frame has left (the
 * proxy's deadline for a client that grants no window) is at once, a reset with {@code CANCEL}.
 */
public final class StreamBridge extends ChannelDuplexHandler {

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<Http2StreamFrame> frames = new ArrayList<>(4);
    private ResponseFrames response = new ResponseFrames(false);
    private boolean headRead;
    private boolean ended;
    private boolean failed;
    /** The declared {@code content-length}, or -1 for a chunked body. */
    private long declared = -1;
    private long received;
    /** The write of the response's last frame, once it is written. */
    private @Nullable ChannelFuture sent;
    private boolean closing;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed || ended) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                onHeaders(ctx, headers);
            } else if (msg instanceof Http2DataFrame data) {
                onData(ctx, data);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } catch (RequestHead.Malformed e) {
            fail(ctx, Http2Error.PROTOCOL_ERROR);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        if (!headRead) {
            headRead = true;
            RequestHead.Translated t = RequestHead.translate(frame.headers(), frame.isEndStream(), ctx.alloc());
            declared = t.contentLength();
            CharSequence method = frame.headers().method();
            response = new ResponseFrames(method != null && AsciiString.contentEquals(method, "HEAD"));
            ctx.fireChannelRead(t.head());
            if (frame.isEndStream()) {
                end(ctx, false);
            }
        } else if (frame.isEndStream()) {
            end(ctx, true); // trailers: checked by the codec, not passed on
        } else {
            throw new RequestHead.Malformed("a second header block that does not end the stream");
        }
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame frame) {
        ByteBuf content = frame.content();
        int n = content.readableBytes();
        received += n;
        if (declared >= 0 && received > declared) {
            frame.release();
            throw new RequestHead.Malformed("DATA beyond content-length " + declared);
        }
        boolean endStream = frame.isEndStream();
        if (n == 0) {
            frame.release();
        } else if (declared >= 0) {
            ctx.fireChannelRead(content);
        } else {
            ByteBuf size = ctx.alloc().buffer(10);
            ByteBufUtil.writeAscii(size, Integer.toHexString(n));
            size.writeBytes(CRLF);
            ctx.fireChannelRead(Unpooled.wrappedBuffer(size, content, Unpooled.wrappedBuffer(CRLF)));
        }
        if (endStream) {
            end(ctx, true);
        }
    }

    private void end(ChannelHandlerContext ctx, boolean hadBody) {
        ended = true;
        if (declared >= 0 && received != declared) {
            throw new RequestHead.Malformed("DATA of " + received + " bytes, content-length " + declared);
        }
        if (hadBody && declared < 0) {
            ctx.fireChannelRead(Unpooled.wrappedBuffer(LAST_CHUNK));
        }
    }

    /**
     * A stream error the codec found (an invalid frame on this stream): Netty's multiplexer would close the stream
     * with {@code CANCEL}, which its limit of sent resets does not count, so the stream is reset here with the
     * error's own code, counted — the MadeYouReset mitigation (CVE-2025-55163) then closes a connection provoking
     * too many. Other errors go on to the proxy.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception.StreamException e) {
            if (!failed) {
                fail(ctx, e.error());
            }
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** Resets the stream with {@code error} and closes its channel; the proxy sees a client's close. */
    private void fail(ChannelHandlerContext ctx, Http2Error error) {
        failed = true;
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(error));
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.write(msg, promise);
            return;
        }
        if (response.done() || failed) {
            bytes.release();
            completeWhenSent(promise);
            return;
        }
        try {
            response.read(bytes, frames);
        } catch (RuntimeException e) {
            releaseFrames();
            promise.tryFailure(e);
            fail(ctx, Http2Error.INTERNAL_ERROR);
            return;
        }
        int n = frames.size();
        if (n == 0) {
            promise.trySuccess();
            return;
        }
        ChannelPromise last = response.done() ? promise.unvoid() : promise;
        for (int i = 0; i < n; i++) {
            ctx.write(frames.get(i), i == n - 1 ? last : ctx.voidPromise());
        }
        frames.clear();
        if (response.done()) {
            sent = last;
        }
    }

    /** Completes {@code promise} as the last frame's write completes (at once without one, or after a failure). */
    private void completeWhenSent(ChannelPromise promise) {
        ChannelFuture s = sent;
        if (s == null || failed || promise.isVoid()) {
            promise.trySuccess();
            return;
        }
        s.addListener(f -> {
            if (f.isSuccess()) {
                promise.trySuccess();
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }

    /**
     * Closes the stream; one the client still sends on is reset with {@code NO_ERROR} first when the response's last
     * frame has left (see the class). A response without a length ends here: with an empty DATA frame, and the close
     * when it has left.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closing || failed) {
            ctx.close(promise);
            return;
        }
        if (response.endsAtClose()) {
            closing = true;
            ChannelFuture last = ctx.writeAndFlush(new DefaultHttp2DataFrame(true));
            sent = last;
            last.addListener(f -> closeAfterResponse(ctx, promise));
            return;
        }
        closeAfterResponse(ctx, promise);
    }

    private void closeAfterResponse(ChannelHandlerContext ctx, ChannelPromise promise) {
        ChannelFuture s = sent;
        if (s != null && s.isSuccess() && clientStillSending(ctx)) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
        }
        ctx.close(promise);
    }

    /** Whether the gateway's side of the stream has ended and the client's has not. */
    private static boolean clientStillSending(ChannelHandlerContext ctx) {
        return ctx.channel() instanceof Http2StreamChannel stream
            && stream.stream().state() == Http2Stream.State.HALF_CLOSED_LOCAL;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        response.release();
        releaseFrames();
    }

    private void releaseFrames() {
        for (Http2StreamFrame f : frames) {
            ReferenceCountUtil.release(f);
        }
        frames.clear();
    }
}
