package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The facts {@link StrictRequestDecoder} works out while parsing a head, checked against the fields they come from. */
@SuppressWarnings("StringConcatToTextBlock") // HTTP needs CRLF, which a text block only holds as escapes
class ParsedRequestTest {

    private static ParsedRequest parse(String head) {
        EmbeddedChannel channel = Decoded.channel();
        try {
            channel.writeInbound(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
            Object first = channel.readInbound();
            for (Object more = channel.readInbound(); more != null; more = channel.readInbound()) {
                ReferenceCountUtil.release(more);
            }
            assertThat(first).isInstanceOf(ParsedRequest.class);
            return (ParsedRequest) first;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void http11KeepsAliveUnlessConnectionSaysCloseInAnyCaseAndPosition() {
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: x-foo,  CLOSE \r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: x-foo\r\nConnection: close\r\n\r\n").keepAlive())
            .isFalse();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void http10KeepsAliveOnlyWhenAsked() {
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void connectionOptionsOtherThanCloseAndKeepAliveAreKeptLowerCaseFromEveryConnectionField() {
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Secret ,\r\n"
            + "Connection: close,Foo\r\n\r\n").connectionTokens()).containsExactlyInAnyOrder("x-secret", "foo");
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").connectionTokens()).isEmpty();
    }

    @Test
    void expectContinueOnlyFromHttp11AndOnlyFor100Continue() {
        assertThat(parse("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
            .expectContinue()).isTrue();
        assertThat(parse("PUT / HTTP/1.1\r\nHost: a\r\nExpect: something\r\nContent-Length: 1\r\n\r\n")
            .expectContinue()).isFalse();
        assertThat(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expectContinue())
            .isFalse();
    }

    @Test
    void hostAndTheFirstRequestIdAreKeptAsReceived() {
        ParsedRequest r = parse("GET / HTTP/1.1\r\nX-Request-Id: first\r\nHost: Shop.Example:8080\r\n"
            + "x-request-id: second\r\n\r\n");

        assertThat(r.host()).isEqualTo("Shop.Example:8080");
        assertThat(r.requestId()).isEqualTo("first");
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").host()).isEmpty();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").requestId()).isNull();
    }

    @Test
    void framingFollowsContentLengthAndTransferEncoding() {
        ParsedRequest none = parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
        ParsedRequest fixed = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n");
        ParsedRequest chunked = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");

        assertThat(none.hasBody()).isFalse();
        assertThat(fixed.hasBody()).isTrue();
        assertThat(fixed.chunked()).isFalse();
        assertThat(chunked.hasBody()).isTrue();
        assertThat(chunked.chunked()).isTrue();
    }
}
