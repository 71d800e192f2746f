package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.Decoded.decode;
import static dev.horizon.gateway.internal.Decoded.decodeByteByByte;
import static dev.horizon.gateway.internal.Decoded.joinContent;
import static dev.horizon.gateway.internal.Decoded.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.internal.Decoded.Content;
import dev.horizon.gateway.internal.Decoded.End;
import dev.horizon.gateway.internal.Decoded.Head;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

@SuppressWarnings("StringConcatToTextBlock") // HTTP needs CRLF, which a text block only holds as escapes
class StrictRequestDecoderTest {

    @Test
    void decodesSimpleGetIntoRequestAndTheSharedEmptyLastContent() {
        EmbeddedChannel channel = Decoded.channel();
        channel.writeInbound(ascii("GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n"
            + "X-Multi: a\r\nx-multi: b\r\n\r\n"));

        HttpRequest request = channel.readInbound();
        assertThat(request.method()).isSameAs(HttpMethod.GET);
        assertThat(request.uri()).isEqualTo("/index.html?q=1");
        assertThat(request.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
        assertThat(Decoded.lines(request.headers()))
            .containsExactly("Host: example.com", "Accept: */*", "X-Multi: a", "x-multi: b");
        Object last = channel.readInbound();
        assertThat(last).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void streamsContentLengthBodyDeliveredByteByByteAsOneContentPerRead() {
        String body = "name=horizon&kind=gateway";
        List<Object> events = decodeByteByByte("POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 25\r\n\r\n" + body);

        assertThat(events).hasSize(1 + body.length() + 1);
        assertThat(events.getFirst())
            .isEqualTo(new Head("POST", "/form", "HTTP/1.1", "Host: h", "Content-Length: 25"));
        assertThat(events.subList(1, 1 + body.length()))
            .allMatch(e -> e instanceof Content c && c.bytes().length() == 1);
        assertThat(joinContent(events.subList(1, events.size()))).containsExactly(new Content(body), new End());
    }

    @Test
    void emitsBodyAsRetainedSlicesOfTheInput() {
        EmbeddedChannel channel = Decoded.channel();
        ByteBuf input = ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        channel.writeInbound(input);

        HttpRequest request = channel.readInbound();
        HttpContent content = channel.readInbound();
        try {
            assertThat(request.method()).isSameAs(HttpMethod.POST);
            assertThat(content.content().array()).isSameAs(input.array());
            assertThat(content.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        } finally {
            content.release();
        }
        assertThat(channel.<Object>readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesChunkedBodyWithExtensionsAndTrailers() {
        List<Object> events = decode("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "6 ; a=\"b c\";flag\r\n world\r\n"
            + "0;last\r\nX-Checksum: abc\r\nX-Other:  v \t\r\n\r\n");

        assertThat(events).containsExactly(
            new Head("POST", "/upload", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"),
            new Content("hello"), new Content(" world"),
            new End("X-Checksum: abc", "X-Other: v"));
    }

    @Test
    void decodesChunkedBodySplitAcrossReadsWithoutTrailersIntoEmptyLastContent() {
        EmbeddedChannel channel = Decoded.channel();
        channel.writeInbound(ascii("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n01234"));
        channel.writeInbound(ascii("56789\r"));
        channel.writeInbound(ascii("\n0\r\n"));
        channel.writeInbound(ascii("\r\n"));

        assertThat(((HttpRequest) channel.readInbound()).uri()).isEqualTo("/");
        for (String part : List.of("01234", "56789")) {
            HttpContent content = channel.readInbound();
            assertThat(content.content().toString(StandardCharsets.US_ASCII)).isEqualTo(part);
            content.release();
        }
        assertThat(channel.<Object>readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesThreePipelinedRequestsInOneBuffer() {
        List<Object> events = decode("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody"
            + "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n");

        assertThat(events).containsExactly(
            new Head("GET", "/a", "HTTP/1.1", "Host: h"), new End(),
            new Head("POST", "/b", "HTTP/1.1", "Host: h", "Content-Length: 4"), new Content("body"), new End(),
            new Head("PUT", "/c", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"), new Content("xy"), new End());
    }

    @Test
    void acceptsHttp10RequestWithoutHost() {
        assertThat(decode("GET /old HTTP/1.0\r\nUser-Agent: lynx\r\n\r\n"))
            .containsExactly(new Head("GET", "/old", "HTTP/1.0", "User-Agent: lynx"), new End());
    }

    @Test
    void skipsUpToFourEmptyLinesBeforeARequestLine() {
        assertThat(decode("\r\n\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"))
            .containsExactly(new Head("GET", "/", "HTTP/1.1", "Host: h"), new End(),
                new Head("GET", "/2", "HTTP/1.1", "Host: h"), new End());
        assertThat(decode("\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"))
            .containsExactly(rejected(400, "too many empty lines before request line"));
    }

    @Test
    void acceptsBareLfAsLineTerminatorEverywhereButAfterChunkData() {
        assertThat(decode("POST /lf HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3;x\nabc\r\n0\nT: 1\n\n"))
            .containsExactly(new Head("POST", "/lf", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"),
                new Content("abc"), new End("T: 1"));
        assertThat(decode("POST /lf HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"))
            .containsExactly(new Head("POST", "/lf", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"),
                new Content("abc"), rejected(400, "chunk data not followed by CRLF"));
    }

    @Test
    void trimsOptionalWhitespaceAroundValuesAndKeepsEmptyValues() {
        assertThat(decode("GET / HTTP/1.1\r\nHost:h\r\nX-Pad: \t a  b \t \r\nX-Empty:\r\nX-Blank:  \t\r\n\r\n"))
            .containsExactly(new Head("GET", "/", "HTTP/1.1", "Host: h", "X-Pad: a  b", "X-Empty: ", "X-Blank: "),
                new End());
    }

    @Test
    void keepsObsTextInValuesAsOneCharPerByte() {
        assertThat(decode("GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\u00e9 \u00ff\r\n\r\n"))
            .containsExactly(new Head("GET", "/", "HTTP/1.1", "Host: h", "X-Name: caf\u00e9 \u00ff"), new End());
    }

    @Test
    void keepsHostAsReceivedWithAbsoluteFormTarget() {
        assertThat(decode("GET http://backend.example:8080/p?q HTTP/1.1\r\nHost: other.example\r\n\r\n"))
            .containsExactly(new Head("GET", "http://backend.example:8080/p?q", "HTTP/1.1", "Host: other.example"),
                new End());
    }

    @Test
    void treatsContentLengthZeroAsNoBody() {
        assertThat(decode("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"))
            .containsExactly(new Head("POST", "/", "HTTP/1.1", "Host: h", "Content-Length: 0"), new End(),
                new Head("GET", "/", "HTTP/1.1", "Host: h"), new End());
    }

    @Test
    void dropsFramingFieldsFromTrailers() {
        assertThat(decode("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
            + "Content-Length: 5\r\nX-A: 1\r\nTransfer-Encoding: chunked\r\nHost: evil\r\n\r\n"))
            .containsExactly(new Head("POST", "/", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"),
                new End("X-A: 1"));
        assertThat(decode("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nHost: x\r\n\r\n"))
            .containsExactly(new Head("POST", "/", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"), new End());
    }

    @Test
    void keepsCustomMethodsAndTheirCase() {
        assertThat(decode("PROPFIND /dav HTTP/1.1\r\nHost: h\r\n\r\nget / HTTP/1.1\r\nHost: h\r\n\r\n"))
            .containsExactly(new Head("PROPFIND", "/dav", "HTTP/1.1", "Host: h"), new End(),
                new Head("get", "/", "HTTP/1.1", "Host: h"), new End());
    }

    @Test
    void emitsOneRejectionAndDiscardsEverythingAfterIt() {
        EmbeddedChannel channel = Decoded.channel();
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n"));
        channel.writeInbound(ascii("Host: h\r\n\r\n"));
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));

        assertThat(Decoded.drain(channel)).containsExactly(new Head("GET", "/", "HTTP/1.1", "Host: h"), new End(),
            rejected(400, "missing Host header"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void rejectsHeadOnlyOnceItIsComplete() {
        EmbeddedChannel channel = Decoded.channel();
        channel.writeInbound(ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"));
        assertThat(Decoded.drain(channel)).isEmpty();
        channel.writeInbound(ascii("Transfer-Encoding: chunked\r\n"));
        assertThat(Decoded.drain(channel)).isEmpty();
        channel.writeInbound(ascii("\r\n"));
        assertThat(Decoded.drain(channel)).containsExactly(rejected(400, "both Content-Length and Transfer-Encoding"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void rejectsOverlongRequestLineBeforeItsEndArrives() {
        EmbeddedChannel channel = Decoded.channel();
        channel.writeInbound(ascii("GET /" + "a".repeat(8186)));
        assertThat(Decoded.drain(channel)).isEmpty();
        channel.writeInbound(ascii("bcd"));
        assertThat(Decoded.drain(channel))
            .containsExactly(rejected(414, "request-target too long"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void acceptsRequestLineAndHeaderSectionExactlyAtTheirLimits() {
        String target = "/" + "a".repeat(8192 - "GET  HTTP/1.1".length() - 1);
        String line = "GET " + target + " HTTP/1.1";
        assertThat(line).hasSize(8192);
        assertThat(decode(line + "\r\nHost: h\r\n\r\n"))
            .containsExactly(new Head("GET", target, "HTTP/1.1", "Host: h"), new End());

        String value = "v".repeat(32768 - "Host: h".length() - "X: ".length());
        assertThat(decode("GET / HTTP/1.1\r\nHost: h\r\nX: " + value + "\r\n\r\n"))
            .containsExactly(new Head("GET", "/", "HTTP/1.1", "Host: h", "X: " + value), new End());
    }

    @Test
    void decodesTheSameWhateverTheReadBoundaries() {
        String input = "\r\nPOST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;e=1\r\nabc\r\n1\r\nd\r\n0\r\nT: t\r\n\r\nGET /y HTTP/1.0\r\n\r\n";
        List<Object> whole = decode(input);
        assertThat(joinContent(whole)).containsExactly(
            new Head("POST", "/x", "HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"), new Content("abcd"),
            new End("T: t"), new Head("GET", "/y", "HTTP/1.0"), new End());
        for (int split = 1; split < input.length(); split++) {
            assertThat(joinContent(decode(input.substring(0, split), input.substring(split))))
                .as("split at %d", split).isEqualTo(joinContent(whole));
        }
        assertThat(joinContent(decodeByteByByte(input))).isEqualTo(joinContent(whole));
    }

    @Test
    void holdsNoReferenceToInputOnceItIsConsumed() {
        EmbeddedChannel channel = Decoded.channel();
        ByteBuf input = ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n12345");
        channel.writeInbound(input.retain());
        List<Object> events = Decoded.drain(channel);
        assertThat(joinContent(events.subList(1, events.size()))).containsExactly(new Content("12345"));
        assertThat(input.refCnt()).isEqualTo(1);
        ReferenceCountUtil.release(input);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void stopsAfterEachRequestSoAHandlerThatRemovesItGetsTheRawBytesThatFollow() {
        EmbeddedChannel channel = Decoded.channel();
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                if (msg instanceof LastHttpContent) {
                    ctx.pipeline().remove(StrictRequestDecoder.class);
                }
            }
        });
        channel.writeInbound(ascii("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n"
            + "GET / HTTP/1.1\r\nHost: h\r\n\r\n"));

        assertThat(((HttpRequest) channel.readInbound()).uri()).isEqualTo("/chat");
        assertThat(channel.<Object>readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        ByteBuf rest = channel.readInbound();
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        rest.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void emitsNothingMoreWhenInputEndsInsideARequest() {
        EmbeddedChannel channel = Decoded.channel();
        channel.writeInbound(ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n1234"));
        List<Object> events = Decoded.drain(channel);

        assertThat(channel.finish()).isFalse();
        assertThat(events).containsExactly(
            new Head("POST", "/", "HTTP/1.1", "Host: h", "Content-Length: 10"), new Content("1234"));
    }

    @Test
    void appliesConfiguredLimits() {
        RequestLimits small = new RequestLimits(256, 1024, 2, 64);
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestDecoder(small));
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n"));

        assertThat(Decoded.drain(channel)).containsExactly(rejected(431, "too many header fields"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static ByteBuf ascii(String s) {
        return Decoded.buffer(s);
    }
}
