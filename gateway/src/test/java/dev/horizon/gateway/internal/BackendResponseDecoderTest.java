package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.DecodedResponses.decode;
import static dev.horizon.gateway.internal.DecodedResponses.decodeByteByByte;
import static dev.horizon.gateway.internal.DecodedResponses.drain;
import static dev.horizon.gateway.internal.DecodedResponses.joinBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.BackendResponseDecoder.Invalid;
import dev.horizon.gateway.internal.DecodedResponses.Body;
import dev.horizon.gateway.internal.DecodedResponses.End;
import dev.horizon.gateway.internal.DecodedResponses.Head;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BackendResponseDecoder} on an {@link EmbeddedChannel}: every message it emits is copied into a plain value
 * ({@link Head}, {@link Body}, {@link End}, or the {@link Invalid} itself) and released, so each test compares the
 * exact sequence, head bytes included, and leaks nothing.
 */
@SuppressWarnings("StringConcatToTextBlock") // HTTP needs CRLF, which a text block only holds as escapes
class BackendResponseDecoderTest {

    /** Long enough for any decode here; a decoder that spins on its input fails instead of hanging the build. */
    private static final Duration NO_HANG = Duration.ofSeconds(5);

    private static final String CHUNKED_WITH_TRAILERS = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
        + "Trailer: X-Checksum\r\nContent-Type: text/plain\r\n\r\n"
        + "5;name=value\r\nhello\r\n"
        + "6 ; a=\"b c\";flag\r\n world\r\n"
        + "0;last\r\nX-Checksum: abc\r\nContent-Length: 11\r\nTransfer-Encoding: chunked\r\nx-other:  v \t\r\n\r\n";

    // ---- heads and Content-Length bodies ----

    @Test
    void contentLengthResponseKeepsEndToEndFieldsByteForByteAndDropsHopByHopOnes() {
        List<Object> events = decode("HTTP/1.1 200 OK\r\n"
            + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "content-TYPE:text/plain;  charset=utf-8 \r\n"
            + "Keep-Alive: timeout=5, max=100\r\n"
            + "TE: trailers\r\n"
            + "Trailer: X-Checksum\r\n"
            + "Upgrade: h2c\r\n"
            + "Proxy-Foo: bar\r\n"
            + "PROXY-Authenticate: Basic\r\n"
            + "x-request-id: from-the-endpoint\r\n"
            + "Content-Length: 5\r\n"
            + "X-Multi: a\r\n"
            + "x-multi: b\r\n"
            + "Set-Cookie: a=1; Path=/\r\n"
            + "X-Empty:\r\n"
            + "X-Latin: caf\u00e9\r\n"
            + "\r\n"
            + "hello");

        assertThat(events).containsExactly(
            new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\n"
                + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                + "content-TYPE:text/plain;  charset=utf-8 \r\n"
                + "Content-Length: 5\r\n"
                + "X-Multi: a\r\n"
                + "x-multi: b\r\n"
                + "Set-Cookie: a=1; Path=/\r\n"
                + "X-Empty:\r\n"
                + "X-Latin: caf\u00e9\r\n"),
            new Body("hello"), End.NONE);
    }

    @Test
    void connectionCloseMeansNoKeepAliveWhateverTheCaseOfTheOption() {
        assertThat(decode("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"))
            .containsExactly(new Head(200, false, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"),
                new Body("ok"), End.NONE);
        assertThat(decode("HTTP/1.1 404 Not Found\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Head(404, false, Framing.NONE, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"),
                End.NONE);
    }

    @Test
    void emitsTheSharedEmptyEndAndTheBodyAsASliceOfTheInput() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        ByteBuf input = Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
        channel.writeInbound(input);

        BackendResponseDecoder.Head head = channel.readInbound();
        ByteBuf body = channel.readInbound();
        try {
            assertThat(head.content().toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n");
            assertThat(body.array()).isSameAs(input.array());
            assertThat(body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("abc");
        } finally {
            head.release();
            body.release();
        }
        assertThat(channel.<Object>readInbound()).isSameAs(BackendResponseDecoder.End.EMPTY);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void removesFieldsNamedInConnectionWhetherTheyComeBeforeOrAfterIt() {
        assertThat(decode("HTTP/1.1 200 OK\r\n"
            + "X-Secret: before\r\n"
            + "X-Public: 1\r\n"
            + "Connection: x-secret, keep-alive\r\n"
            + "X-Secret-Not: kept\r\n"
            + "x-SECRET: after\r\n"
            + "X-Other: 2\r\n"
            + "connection:  X-Other \r\n"
            + "Content-Length: 0\r\n"
            + "\r\n"))
            .containsExactly(new Head(200, true, Framing.NONE,
                "HTTP/1.1 200 OK\r\nX-Public: 1\r\nX-Secret-Not: kept\r\nContent-Length: 0\r\n"), End.NONE);
    }

    @Test
    void rewritesAnEmptyReasonPhraseToStatusCodeAndOneSpace() {
        assertThat(decode("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.NONE, "HTTP/1.1 200 \r\nContent-Length: 0\r\n"), End.NONE);
        assertThat(decode("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.NONE, "HTTP/1.1 200 \r\nContent-Length: 0\r\n"), End.NONE);
        assertThat(decode("HTTP/1.1 599 Odd  \t reason \r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Head(599, true, Framing.NONE, "HTTP/1.1 599 Odd  \t reason \r\nContent-Length: 0\r\n"),
                End.NONE);
    }

    @Test
    void acceptsBareLfLineEndingsAndWritesCrlfToTheClient() {
        assertThat(decode("HTTP/1.1 200 OK\nContent-Length: 2\nX-A: 1\n\nok"))
            .containsExactly(new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\n"),
                new Body("ok"), End.NONE);
    }

    @Test
    void acceptsIdenticalContentLengthRepeatsAsOneValueAndForwardsThatOneValue() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"))
            .containsExactly(new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"),
                new Body("hello"), End.NONE);
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\ncontent-length:5\r\n\r\nhello"))
            .containsExactly(new Head(200, true, Framing.LENGTH,
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n"), new Body("hello"), End.NONE);
    }

    @Test
    void keepsContentLengthEvenWhenConnectionNamesIt() {
        assertThat(decode("HTTP/1.1 200 OK\r\nConnection: content-length, x-hop\r\nX-Hop: 1\r\n"
            + "Content-Length: 2\r\n\r\nok"))
            .containsExactly(new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"),
                new Body("ok"), End.NONE);
    }

    @Test
    void stopsAfterEachResponseSoTheProxySeesWhatFollows() {
        List<Boolean> unreadAtEnd = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof BackendResponseDecoder.End) {
                    unreadAtEnd.add(((BackendResponseDecoder) ctx.pipeline().first()).hasUnreadInput());
                }
                ReferenceCountUtil.release(msg);
            }
        });
        channel.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", StandardCharsets.ISO_8859_1));
        channel.finishAndReleaseAll();

        assertThat(unreadAtEnd).containsExactly(true, false);
    }

    @Test
    void keepsTheBodyOfAContentLengthResponseApartFromTheNextResponse() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234"));
        assertThat(drain(channel)).containsExactly(
            new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"), new Body("1234"));
        channel.writeInbound(Decoded.buffer("567890HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx"));
        assertThat(drain(channel)).containsExactly(new Body("567890"), End.NONE,
            new Head(201, true, Framing.LENGTH, "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n"), new Body("x"),
            End.NONE);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    // ---- chunked bodies ----

    @Test
    void deChunksTheBodyIgnoresExtensionsAndKeepsEndToEndTrailers() {
        assertThat(decode(CHUNKED_WITH_TRAILERS)).containsExactly(
            new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"),
            new Body("hello"), new Body(" world"),
            new End("X-Checksum: abc\r\nx-other:  v \t\r\n"));
    }

    @Test
    void dropsHopByHopAndFramingFieldsFromTrailers() {
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n"
            + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nKeep-Alive: 1\r\n"
            + "Proxy-Foo: 1\r\nX-Request-Id: r\r\nTE: t\r\nTrailer: X\r\nUpgrade: u\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new Body("x"), End.NONE);
    }

    @Test
    void decodesChunksSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\nA\r\n01234"));
        channel.writeInbound(Decoded.buffer("56789\r"));
        channel.writeInbound(Decoded.buffer("\n1"));
        channel.writeInbound(Decoded.buffer("0\r\n0123456789ABCDEF\r\n0\r\n\r\n"));

        assertThat(drain(channel)).containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
            new Body("01234"), new Body("56789"), new Body("0123456789ABCDEF"), End.NONE);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesATrailerSectionSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        List<Object> events = assertTimeoutPreemptively(NO_HANG, () -> {
            channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\nX-Checksum: 1"));
            channel.writeInbound(Decoded.buffer("\r\n\r\n"));
            return drain(channel);
        }, "decoder returned no control while a trailer section was incomplete");

        assertThat(events).containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
            new Body("ok"), new End("X-Checksum: 1\r\n"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesTheLastChunkWhoseFinalCrlfIsSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        List<Object> events = assertTimeoutPreemptively(NO_HANG, () -> {
            channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\n\r"));
            channel.writeInbound(Decoded.buffer("\n"));
            return drain(channel);
        }, "decoder returned no control while the empty line ending a chunked body was incomplete");

        assertThat(events).containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
            new Body("ok"), End.NONE);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /**
     * Regression (found by {@link BackendResponseDecoderFuzzTest}): a chunk-size line of exactly the 4096-byte limit
     * was refused as too long when its CR arrived in one read and its LF in the next, though the same bytes in one
     * read passed; the limit counts the line without its terminator, whatever the read boundaries.
     */
    @Test
    void acceptsAChunkSizeLineOfExactlyTheLimitWhoseCrlfIsSplitAcrossReads() {
        String sizeLine = "5;" + "e".repeat(4094);
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        List<Object> expected = List.of(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
            new Body("hello"), End.NONE);

        assertThat(decode(head + sizeLine + "\r\nhello\r\n0\r\n\r\n")).isEqualTo(expected);
        assertThat(decode(head + sizeLine + "\r", "\nhello\r\n0\r\n\r\n")).isEqualTo(expected);
        assertThat(decode(head + sizeLine + "\r", "\n", "hello\r\n0\r\n\r\n")).isEqualTo(expected);
        assertThat(decode(head + sizeLine + "e\r\nhello\r\n0\r\n\r\n"))
            .containsExactly(expected.getFirst(), new Invalid("chunk-size line too long"));
        assertThat(decode(head + sizeLine + "e\r", "\nhello\r\n0\r\n\r\n"))
            .containsExactly(expected.getFirst(), new Invalid("chunk-size line too long"));
    }

    // ---- bodies delimited by the close ----

    @Test
    void readsABodyWithoutLengthOrChunkingUntilTheConnectionCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: text/plain\r\n"
            + "\r\nfirst "));
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(drain(channel)).containsExactly(
            new Head(200, false, Framing.CLOSE, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"),
            new Body("first "), new Body("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

        assertThat(channel.finish()).isTrue();
        assertThat(drain(channel)).containsExactly(End.NONE);
    }

    @Test
    void endsAnEmptyCloseDelimitedBodyWhenTheConnectionCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 500 Internal Server Error\r\n\r\n"));
        assertThat(drain(channel))
            .containsExactly(new Head(500, false, Framing.CLOSE, "HTTP/1.1 500 Internal Server Error\r\n"));

        channel.pipeline().fireChannelInactive();
        assertThat(drain(channel)).containsExactly(End.NONE);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void emitsNoEndWhenTheConnectionClosesInsideALengthDelimitedBody() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n1234"));
        List<Object> events = drain(channel);

        assertThat(channel.finish()).isFalse();
        assertThat(events).containsExactly(
            new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"), new Body("1234"));
    }

    // ---- responses without a body ----

    @Test
    void answerToHeadHasNoBodyWhateverItsFieldsSayAndTheNextResponseDecodesNormally() {
        BackendResponseDecoder decoder = new BackendResponseDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);

        decoder.expectResponseTo(true);
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/html\r\n"
            + "\r\n"));
        assertThat(drain(channel)).containsExactly(new Head(200, true, Framing.NONE,
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/html\r\n"), End.NONE);

        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nETag: \"e\"\r\n\r\n"));
        assertThat(drain(channel)).containsExactly(
            new Head(200, true, Framing.NONE, "HTTP/1.1 200 OK\r\nETag: \"e\"\r\n"), End.NONE);

        decoder.expectResponseTo(false);
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"));
        assertThat(drain(channel)).containsExactly(
            new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"), new Body("abc"),
            End.NONE);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyWhateverTheirFieldsSay() {
        assertThat(decode("HTTP/1.1 204 No Content\r\nContent-Length: 100\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
            .containsExactly(
                new Head(204, true, Framing.NONE, "HTTP/1.1 204 No Content\r\nContent-Length: 100\r\n"), End.NONE,
                new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"), new Body("ok"),
                End.NONE);
        assertThat(decode("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 100\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
            .containsExactly(
                new Head(304, true, Framing.NONE,
                    "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 100\r\n"),
                End.NONE,
                new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"), new Body("ok"),
                End.NONE);
        assertThat(decode("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Head(204, true, Framing.NONE, "HTTP/1.1 204 No Content\r\n"), End.NONE,
                new Head(200, true, Framing.NONE, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"), End.NONE);
    }

    @Test
    void interimResponsesAreAHeadAloneWithEmptyContentBeforeTheFinalOne() {
        assertThat(decode("HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
            .containsExactly(
                new Head(100, true, Framing.NONE, ""),
                new Head(103, true, Framing.NONE, ""),
                new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"), new Body("ok"),
                End.NONE);
    }

    // ---- read boundaries and pipelining ----

    @Test
    void contentLengthResponsesDecodeTheSameWhateverTheReadBoundaries() {
        String input = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nServer: s\r\nConnection: keep-alive\r\nContent-Length: 11\r\n\r\nhello world"
            + "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n";
        List<Object> whole = decode(input);
        assertThat(joinBody(whole)).containsExactly(
            new Head(100, true, Framing.NONE, ""),
            new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nServer: s\r\nContent-Length: 11\r\n"),
            new Body("hello world"), End.NONE,
            new Head(204, true, Framing.NONE, "HTTP/1.1 204 No Content\r\nX-A: 1\r\n"), End.NONE);
        for (int split = 1; split < input.length(); split++) {
            assertThat(joinBody(decode(input.substring(0, split), input.substring(split))))
                .as("split at %d", split).isEqualTo(joinBody(whole));
        }
        assertThat(joinBody(decodeByteByByte(input))).isEqualTo(joinBody(whole));
    }

    @Test
    void chunkedResponseFedOneByteAtATimeGivesTheSameResultAsInOnePiece() {
        List<Object> whole = joinBody(decode(CHUNKED_WITH_TRAILERS));
        assertThat(whole).containsExactly(
            new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"),
            new Body("hello world"), new End("X-Checksum: abc\r\nx-other:  v \t\r\n"));

        List<Object> byteByByte = assertTimeoutPreemptively(NO_HANG, () -> decodeByteByByte(CHUNKED_WITH_TRAILERS),
            "decoder returned no control while fed one byte at a time");
        assertThat(joinBody(byteByByte)).isEqualTo(whole);
    }

    @Test
    void decodesPipelinedResponsesInOneBufferInOrder() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
            + "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nbc\r\n0\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnot"))
            .containsExactly(
                new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"), new Body("a"),
                End.NONE,
                new Head(201, true, Framing.CHUNKED, "HTTP/1.1 201 Created\r\n"), new Body("bc"), End.NONE,
                new Head(204, true, Framing.NONE, "HTTP/1.1 204 No Content\r\n"), End.NONE,
                new Head(404, true, Framing.LENGTH, "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n"),
                new Body("not"), End.NONE);
    }

    // ---- HTTP/1.0 ----

    @Test
    void http10ResponseIsRewrittenToHttp11AndKeepsAliveOnlyWhenItSaysSo() {
        assertThat(decode("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"))
            .containsExactly(new Head(200, false, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"),
                new Body("ok"), End.NONE);
        assertThat(decode("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nKeep-Alive: timeout=5\r\n"
            + "Content-Length: 2\r\n\r\nok"))
            .containsExactly(new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"),
                new Body("ok"), End.NONE);
        assertThat(decode("HTTP/1.0 304 Not Modified\r\n\r\n"))
            .containsExactly(new Head(304, false, Framing.NONE, "HTTP/1.1 304 Not Modified\r\n"), End.NONE);
    }

    @Test
    void http10ResponseWithoutLengthRunsToTheCloseEvenWithKeepAlive() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nbody"));
        assertThat(channel.finish()).isTrue();
        assertThat(drain(channel)).containsExactly(new Head(200, false, Framing.CLOSE, "HTTP/1.1 200 OK\r\n"),
            new Body("body"), End.NONE);
    }
}
