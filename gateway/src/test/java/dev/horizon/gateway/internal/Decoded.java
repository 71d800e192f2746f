package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * What a {@link StrictRequestDecoder} emitted, as plain values: each message is copied into a {@link Head},
 * {@link Content} or {@link End} (or kept, for {@link RequestRejected}) and released, so tests compare exact
 * sequences and leak nothing.
 */
final class Decoded {

    /** An {@link HttpRequest}; headers as {@code name: value} in order. */
    record Head(String method, String uri, String version, List<String> headers) {
        Head(String method, String uri, String version, String... headers) {
            this(method, uri, version, List.of(headers));
        }
    }

    /** One {@link HttpContent} that is not the last; its bytes as ISO-8859-1 so any byte survives. */
    record Content(String bytes) { }

    /** The {@link LastHttpContent}; trailers as {@code name: value} in order. */
    record End(List<String> trailers) {
        End(String... trailers) {
            this(List.of(trailers));
        }
    }

    private Decoded() {
    }

    static EmbeddedChannel channel() {
        return new EmbeddedChannel(new StrictRequestDecoder());
    }

    /** Feeds each piece (ISO-8859-1) in its own read to a new decoder and returns everything it emitted. */
    static List<Object> decode(String... pieces) {
        EmbeddedChannel channel = channel();
        List<Object> events = new ArrayList<>();
        for (String piece : pieces) {
            channel.writeInbound(buffer(piece));
            events.addAll(drain(channel));
        }
        channel.finishAndReleaseAll();
        return events;
    }

    /**
     * A pooled heap buffer holding the chars of {@code latin1} as bytes. Pooled allocators track every buffer under
     * paranoid leak detection (Netty's unpooled heap buffers are never tracked), so a leak fails the test class.
     */
    static ByteBuf buffer(String latin1) {
        return ByteBufAllocator.DEFAULT.heapBuffer(latin1.length())
            .writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds the input one byte per read. */
    static List<Object> decodeByteByByte(String input) {
        return decode(singleBytes(input));
    }

    /** The input cut into pieces of one byte each. */
    static String[] singleBytes(String input) {
        String[] pieces = new String[input.length()];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = input.substring(i, i + 1);
        }
        return pieces;
    }

    /** Reads and releases every inbound message of the channel. */
    static List<Object> drain(EmbeddedChannel channel) {
        return drain(channel, Decoded::toEvent);
    }

    /** Reads every inbound message of the channel, turns each into an event and releases it. */
    static List<Object> drain(EmbeddedChannel channel, Function<Object, Object> toEvent) {
        List<Object> events = new ArrayList<>();
        for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
            try {
                events.add(toEvent.apply(msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return events;
    }

    /** Joins adjacent {@link Content} events, which differ only in how the input happened to be split. */
    static List<Object> joinContent(List<Object> events) {
        return joinAdjacent(events, Content.class, (a, b) -> new Content(a.bytes() + b.bytes()));
    }

    /** Joins adjacent events of {@code type} with {@code join}. */
    static <T> List<Object> joinAdjacent(List<Object> events, Class<T> type, BinaryOperator<T> join) {
        List<Object> joined = new ArrayList<>();
        for (Object e : events) {
            if (type.isInstance(e) && !joined.isEmpty() && type.isInstance(joined.getLast())) {
                joined.set(joined.size() - 1, join.apply(type.cast(joined.getLast()), type.cast(e)));
            } else {
                joined.add(e);
            }
        }
        return joined;
    }

    static RequestRejected rejected(int status, String reason) {
        return new RequestRejected(HttpResponseStatus.valueOf(status), reason);
    }

    private static Object toEvent(Object msg) {
        return switch (msg) {
            case HttpRequest r -> new Head(r.method().name(), r.uri(), r.protocolVersion().text(), lines(r.headers()));
            case LastHttpContent last -> {
                if (last.content().isReadable()) {
                    throw new AssertionError("LastHttpContent with content: " + last);
                }
                yield new End(lines(last.trailingHeaders()));
            }
            case HttpContent c -> new Content(latin1(c.content()));
            case RequestRejected r -> r;
            default -> throw new AssertionError("unexpected message: " + msg);
        };
    }

    static List<String> lines(HttpHeaders headers) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            lines.add(e.getKey() + ": " + e.getValue());
        }
        return lines;
    }

    private static String latin1(ByteBuf buf) {
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
