package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.DecodedResponses.decode;
import static dev.horizon.gateway.internal.DecodedResponses.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.BackendResponseDecoder.Invalid;
import dev.horizon.gateway.internal.DecodedResponses.Body;
import dev.horizon.gateway.internal.DecodedResponses.End;
import dev.horizon.gateway.internal.DecodedResponses.Head;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The responses {@link BackendResponseDecoder} refuses, each with its exact reason: framing that could be read two
 * ways, malformed heads and chunked bodies, and the limits. Whatever came before the refusal is emitted; nothing
 * after it.
 */
@SuppressWarnings("StringConcatToTextBlock") // HTTP needs CRLF, which a text block only holds as escapes
class BackendResponseDecoderRefusalTest {

    @Test
    void refusesContentLengthTogetherWithTransferEncoding() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"))
            .containsExactly(new Invalid("both Content-Length and Transfer-Encoding"));
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"))
            .containsExactly(new Invalid("both Content-Length and Transfer-Encoding"));
    }

    @Test
    void refusesDifferingContentLengthValues() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"))
            .containsExactly(new Invalid("differing Content-Length values"));
        // a list is one field value, judged as a whole
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!"))
            .containsExactly(new Invalid("invalid Content-Length"));
    }

    @Test
    void refusesContentLengthThatIsNotDigits() {
        for (String value : List.of("", "abc", "-1", "+5", "5,", "1 2", "0x10", "99999999999999999999")) {
            assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: " + value + "\r\n\r\n"))
                .as("Content-Length: %s", value)
                .containsExactly(new Invalid("invalid Content-Length"));
        }
    }

    @Test
    void refusesTransferEncodingOtherThanExactlyChunked() {
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"))
            .containsExactly(new Invalid("unsupported Transfer-Encoding"));
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"))
            .containsExactly(new Invalid("unsupported Transfer-Encoding"));
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n"))
            .containsExactly(new Invalid("unsupported Transfer-Encoding"));
    }

    /** RFC 9112 §6.1: faulty framing "even if a Content-Length is present"; the request decoder says the same. */
    @Test
    void refusesTransferEncodingInAnHttp10ResponseBeforeLookingAtContentLength() {
        assertThat(decode("HTTP/1.0 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"))
            .containsExactly(new Invalid("Transfer-Encoding in an HTTP/1.0 response"));
    }

    @Test
    void refusesTransferEncodingInAnHttp10Response() {
        assertThat(decode("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
            .containsExactly(new Invalid("Transfer-Encoding in an HTTP/1.0 response"));
    }

    @Test
    void refusesObsFold() {
        assertThat(decode("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Invalid("header field line without a valid name"));
        assertThat(decode("HTTP/1.1 200 OK\r\nX-A: 1\r\n\tfolded\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Invalid("header field line without a valid name"));
    }

    @Test
    void refusesWhitespaceBeforeTheColonAndLinesWithoutAName() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello"))
            .containsExactly(new Invalid("header field line without a valid name"));
        assertThat(decode("HTTP/1.1 200 OK\r\n: no name\r\n\r\n"))
            .containsExactly(new Invalid("header field line without a valid name"));
        assertThat(decode("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"))
            .containsExactly(new Invalid("header field line without a valid name"));
    }

    @Test
    void refusesBareCrAndControlBytesInValues() {
        assertThat(decode("HTTP/1.1 200 OK\r\nX-A: 1\r2\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Invalid("bare CR in response head"));
        assertThat(decode("HTTP/1.1 200 OK\rX-A: 1\r\n\r\n"))
            .containsExactly(new Invalid("bare CR in response head"));
        assertThat(decode("HTTP/1.1 200 OK\r\nX-A: a\u0000b\r\n\r\n"))
            .containsExactly(new Invalid("invalid byte in a header field value"));
        assertThat(decode("HTTP/1.1 200 O\u0001K\r\n\r\n"))
            .containsExactly(new Invalid("invalid byte in reason phrase"));
    }

    @Test
    void refusesABadStatusLine() {
        for (String line : List.of("HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.2 200 OK",
            "http/1.1 200 OK", "HTTP/1.1  200 OK", "HTTP/1.1 2x0 OK", "HTTP/1.1", "")) {
            assertThat(decode(line + "\r\nContent-Length: 0\r\n\r\n"))
                .as("status line %s", line)
                .containsExactly(new Invalid("invalid status line"));
        }
        assertThat(decode("HTTP/1.1 099 Low\r\n\r\n")).containsExactly(new Invalid("invalid status code"));
    }

    @Test
    void refusesAnInvalidChunkSizeAfterTheHead() {
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
                new Invalid("invalid chunk size"));
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n0\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
                new Invalid("invalid chunk size"));
    }

    @Test
    void refusesChunkDataNotFollowedByCrlf() {
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new Body("hello"),
                new Invalid("chunk data not followed by CRLF"));
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new Body("hello"),
                new Invalid("chunk data not followed by CRLF"));
    }

    @Test
    void refusesAnInvalidTrailerField() {
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A : 1\r\n\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
                new Invalid("invalid trailer field"));
    }

    /** A trailer line is judged when it is complete, as the request decoder does, not when the section ends. */
    @Test
    void refusesAnInvalidTrailerFieldBeforeTheTrailerSectionEnds() {
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: 1\r\nX-B : 2\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
                new Invalid("invalid trailer field"));
        assertThat(decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-A: 1\r2\r\n"))
            .containsExactly(new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"),
                new Invalid("bare CR in trailer section"));
    }

    @Test
    void acceptsUpTo256TrailerFieldsAndRefusesMore() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
        String fields = "X-T: v\r\n".repeat(256);
        assertThat(decode(head + fields + "\r\n")).containsExactly(
            new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new End(fields));
        assertThat(decode(head + fields + "X-T: v\r\n\r\n")).containsExactly(
            new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new Invalid("too many trailer fields"));
    }

    @Test
    void refusesATrailerSectionOver64KibOfFieldLines() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
        String fits = "X-T: " + "v".repeat(65536 - 5) + "\r\n";
        assertThat(decode(head + fits + "\r\n")).containsExactly(
            new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new End(fits));
        assertThat(decode(head + fits + "X: 1\r\n\r\n")).containsExactly(
            new Head(200, true, Framing.CHUNKED, "HTTP/1.1 200 OK\r\n"), new Invalid("trailer section too large"));
    }

    @Test
    void refusesAHeadLargerThan64KibBeforeItsEndArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(60_000)));
        assertThat(drain(channel)).isEmpty();
        channel.writeInbound(Decoded.buffer("a".repeat(10_000)));
        assertThat(drain(channel)).containsExactly(new Invalid("response head larger than 65536 bytes"));
        channel.writeInbound(Decoded.buffer("\r\n\r\n"));
        assertThat(drain(channel)).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void refusesACompleteHeadLargerThan64Kib() {
        assertThat(decode("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Invalid("response head larger than 65536 bytes"));
    }

    @Test
    void acceptsUpTo256FieldsAndRefusesMore() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 255; i++) {
            fields.append("X-").append(i).append(": v\r\n");
        }
        String kept = "HTTP/1.1 200 OK\r\n" + fields + "Content-Length: 0\r\n";
        assertThat(decode(kept + "\r\n")).containsExactly(new Head(200, true, Framing.NONE, kept), End.NONE);
        assertThat(decode(kept + "X-Last: v\r\n\r\n")).containsExactly(new Invalid("too many header fields"));
    }

    @Test
    void refusesMoreThan16ConnectionOptions() {
        StringBuilder options = new StringBuilder("o0");
        for (int i = 1; i < 17; i++) {
            options.append(", o").append(i);
        }
        assertThat(decode("HTTP/1.1 200 OK\r\nConnection: " + options + "\r\nContent-Length: 0\r\n\r\n"))
            .containsExactly(new Invalid("too many Connection options"));
    }

    @Test
    void emitsOneInvalidAndNothingForAnyLaterInput() {
        EmbeddedChannel channel = new EmbeddedChannel(new BackendResponseDecoder());
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        channel.writeInbound(Decoded.buffer("HTTP/1.1 200 OK\r\n\r\nclose-delimited"));

        assertThat(drain(channel)).containsExactly(
            new Head(200, true, Framing.LENGTH, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"), new Body("x"), End.NONE,
            new Invalid("differing Content-Length values"));
        assertThat(channel.finish()).isFalse();
    }
}
