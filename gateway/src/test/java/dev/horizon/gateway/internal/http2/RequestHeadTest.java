package dev.horizon.gateway.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 head a stream's header block becomes, and what HTTP/2 calls malformed (RFC 9113 §8.1.1, §8.2). */
class RequestHeadTest {

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false).method("GET").scheme("https").path(path).authority("shop.test");
    }

    private static String head(Http2Headers h, boolean endStream) {
        RequestHead.Translated t = RequestHead.translate(h, endStream, UnpooledByteBufAllocator.DEFAULT);
        ByteBuf b = t.head();
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    @Test
    void writesTheHeadWithHostFromAuthorityAndJoinedCookies() {
        Http2Headers h = get("/cart?x=1").add("cookie", "a=1").add("accept", "*/*").add("cookie", "b=2");

        assertThat(head(h, true)).isEqualTo("GET /cart?x=1 HTTP/1.1\r\nhost: shop.test\r\naccept: */*\r\n"
            + "cookie: a=1; b=2\r\n\r\n");
    }

    @Test
    void aBodyWithoutALengthGoesOnChunkedAndOneWithALengthKeepsIt() {
        assertThat(head(get("/up").method("POST"), false)).endsWith("transfer-encoding: chunked\r\n\r\n");
        RequestHead.Translated t = RequestHead.translate(get("/up").method("POST").add("content-length", "5"), false,
            UnpooledByteBufAllocator.DEFAULT);
        assertThat(t.contentLength()).isEqualTo(5);
        assertThat(t.head().toString(StandardCharsets.ISO_8859_1)).endsWith("content-length: 5\r\n\r\n");
        t.head().release();
    }

    @Test
    void refusesWhatHttp2CallsMalformed() {
        for (String name : new String[] {"connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade"}) {
            assertMalformed(get("/").add(name, "x"), "connection-specific field " + name);
        }
        assertMalformed(get("/").add("te", "gzip"), "te: gzip (only trailers is allowed)");
        assertThat(head(get("/").add("te", "trailers"), true)).contains("te: trailers\r\n");
        assertMalformed(get("/").add("x-a", "1\r\nx-smuggled: 2"), "x-a: CR, LF or NUL in the value");
        assertMalformed(get("/").add("x-a", " padded"), "x-a: leading or trailing whitespace");
        assertMalformed(get("/").add("X-Upper", "1"), "uppercase field name X-Upper");
        assertMalformed(get("/").add("host", "other.test"), "host 'other.test' differs from :authority 'shop.test'");
        assertMalformed(get("/").add("content-length", "1").add("content-length", "2"),
            "content-lengths 1 and 2 differ");
        assertMalformed(get("/").add("content-length", "-1"), "content-length: -1");
        assertMalformed(get("no-slash"), ":path 'no-slash' (expected: /... or * for OPTIONS)");
        assertMalformed(get("/a b"), ":path with a control character, a space or a non-ASCII byte");
        assertMalformed(get("/").method("CONNECT"), "CONNECT is not proxied");
        assertMalformed(new DefaultHttp2Headers(false).method("GET"), "no :method or :path");
    }

    private static void assertMalformed(Http2Headers h, String reason) {
        assertThatThrownBy(() -> RequestHead.translate(h, true, UnpooledByteBufAllocator.DEFAULT))
            .isInstanceOf(RequestHead.Malformed.class).hasMessage(reason);
    }
}
