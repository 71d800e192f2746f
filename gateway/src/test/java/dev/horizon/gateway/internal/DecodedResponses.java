package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.BackendResponseDecoder.Invalid;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What a {@link BackendResponseDecoder} emitted, as plain values: each message is copied into a {@link Head},
 * {@link Body} or {@link End} (or kept, for {@link Invalid}) and released, so tests compare exact sequences, head
 * bytes included, and leak nothing.
 */
final class DecodedResponses {

    /** A {@link BackendResponseDecoder.Head}: status, keep-alive, framing and its buffer as ISO-8859-1. */
    record Head(int status, boolean keepAlive, Framing framing, String bytes) { }

    /** One body piece. */
    record Body(String bytes) { }

    /** A {@link BackendResponseDecoder.End}; its trailer lines as ISO-8859-1 ("" when it has none). */
    record End(String trailers) {
        static final End NONE = new End("");
    }

    private DecodedResponses() {
    }

    /** Feeds each piece (ISO-8859-1) in its own read to a new decoder and returns everything it emitted. */
    static List<Object> decode(String... pieces) {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        List<Object> events = new ArrayList<>();
        for (String piece : pieces) {
            channel.writeInbound(Decoded.buffer(piece));
            events.addAll(drain(channel));
        }
        channel.finishAndReleaseAll();
        return events;
    }

    /**
     * Feeds each piece in its own read to a new decoder, then closes the input, and returns everything it emitted.
     * Like the proxy, it tells the decoder before each final response whether it answers a HEAD request: the first
     * value before any input, the next one as each response ends.
     */
    static List<Object> decodeAnswering(List<Boolean> answersToHead, String... pieces) {
        BackendResponseDecoder decoder = new BackendResponseDecoder();
        Iterator<Boolean> toHead = answersToHead.iterator();
        decoder.expectResponseTo(toHead.hasNext() && toHead.next());
        List<Object> events = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    events.add(toEvent(msg));
                    if (msg instanceof BackendResponseDecoder.End) {
                        decoder.expectResponseTo(toHead.hasNext() && toHead.next());
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        });
        for (String piece : pieces) {
            channel.writeInbound(Decoded.buffer(piece));
        }
        channel.finishAndReleaseAll();
        return events;
    }

    /** Feeds the input one byte per read. */
    static List<Object> decodeByteByByte(String input) {
        return decode(Decoded.singleBytes(input));
    }

    /** Reads and releases every inbound message of the channel. */
    static List<Object> drain(EmbeddedChannel channel) {
        return Decoded.drain(channel, DecodedResponses::toEvent);
    }

    /** Joins adjacent {@link Body} events, which differ only in how the input happened to be split. */
    static List<Object> joinBody(List<Object> events) {
        return Decoded.joinAdjacent(events, Body.class, (a, b) -> new Body(a.bytes() + b.bytes()));
    }

    private static Object toEvent(Object msg) {
        return switch (msg) {
            case BackendResponseDecoder.Head h -> new Head(h.status(), h.keepAlive(), h.framing(), latin1(h.content()));
            case BackendResponseDecoder.End e -> new End(latin1(e.content()));
            case ByteBuf b -> new Body(latin1(b));
            case Invalid i -> i;
            default -> throw new AssertionError("unexpected message: " + msg);
        };
    }

    private static String latin1(ByteBuf buf) {
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
