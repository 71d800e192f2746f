package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.Decoded.decode;
import static dev.horizon.gateway.internal.Decoded.decodeByteByByte;
import static dev.horizon.gateway.internal.Decoded.joinContent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.internal.Decoded.Content;
import dev.horizon.gateway.internal.Decoded.End;
import dev.horizon.gateway.internal.Decoded.Head;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and smuggling-prone requests (after RFC 9112 §6.3, HAProxy's parser, the PortSwigger and "funky chunks"
 * request-smuggling research), each with the exact status and reason, plus valid look-alikes that must pass. A head
 * is rejected before any of its request is emitted; only framing errors inside a chunked body follow the request.
 */
class SmugglingCorpusTest {

    private static final int OK = 200;
    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n";
    private static final String POST = "POST / HTTP/1.1\r\nHost: h\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    static Stream<Arguments> corpus() {
        return Stream.of(framing(), requestLines(), headerFields(), chunkedBodies()).flatMap(cases -> cases);
    }

    /** Connection options, Content-Length and Transfer-Encoding. */
    private static Stream<Arguments> framing() {
        return Stream.concat(framingFieldsTogether(), framingFieldValues());
    }

    private static Stream<Arguments> framingFieldsTogether() {
        return Stream.of(
            // Connection options naming framing fields: stripping them as hop-by-hop would unframe the body
            head("Connection names Content-Length",
                POST + "Connection: close, Content-Length\r\nContent-Length: 5\r\n\r\nhello",
                400, "Connection names content-length"),
            head("Connection names Transfer-Encoding", CHUNKED.replace("Host: h\r\n",
                "Host: h\r\nConnection: transfer-encoding\r\n") + "0\r\n\r\n", 400,
                "Connection names transfer-encoding"),
            head("Connection names Host", GET + "Connection: keep-alive,host\r\n\r\n", 400, "Connection names host"),
            // Content-Length and Transfer-Encoding together (CL.TE / TE.CL)
            head("CL then TE", POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400, "both Content-Length and Transfer-Encoding"),
            head("TE then CL", POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                400, "both Content-Length and Transfer-Encoding"),
            head("TE and CL 0", POST + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n",
                400, "both Content-Length and Transfer-Encoding"),
            head("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400, "Transfer-Encoding in HTTP/1.0 request"),
            head("TE and CL in HTTP/1.0",
                "POST / HTTP/1.0\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400, "Transfer-Encoding in HTTP/1.0 request"));
    }

    private static Stream<Arguments> framingFieldValues() {
        return Stream.of(
            // Transfer-Encoding values
            head("TE chunked, identity", POST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                400, "Transfer-Encoding does not end with chunked"),
            head("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                400, "Transfer-Encoding does not end with chunked"),
            head("TE gzip", POST + "Transfer-Encoding: gzip\r\n\r\n",
                400, "Transfer-Encoding does not end with chunked"),
            head("TE gzip, chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                501, "transfer coding not supported"),
            head("TE chunked, chunked", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                400, "chunked applied more than once"),
            head("TE lines gzip + chunked", POST + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
                501, "transfer coding not supported"),
            head("TE lines chunked + chunked",
                POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400, "chunked applied more than once"),
            head("TE lines chunked + identity",
                POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n",
                400, "Transfer-Encoding does not end with chunked"),
            head("TE with parameter", POST + "Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n",
                400, "invalid Transfer-Encoding"),
            head("TE empty", POST + "Transfer-Encoding:\r\n\r\n", 400, "empty Transfer-Encoding"),
            head("TE space before colon", POST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
                400, "whitespace before colon in header field"),
            head("TE obs-folded", POST + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
                400, "obs-fold in header section"),
            head("TE with vertical tab", POST + "Transfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n",
                400, "invalid byte 0x0b in header field value"),
            accepted("TE after HTAB (valid OWS)", POST + "Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n"),
            accepted("TE Chunked in any case", POST + "transfer-ENCODING: Chunked \r\n\r\n1\r\nx\r\n0\r\n\r\n"),
            accepted("TE with empty list element", POST + "Transfer-Encoding: , chunked\r\n\r\n0\r\n\r\n"),
            // Content-Length values
            head("CL twice, equal", POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                400, "multiple Content-Length headers"),
            head("CL twice, different", POST + "Content-Length: 3\r\ncontent-length: 4\r\n\r\nabcd",
                400, "multiple Content-Length headers"),
            head("CL list 1,1", POST + "Content-Length: 1,1\r\n\r\na", 400, "invalid Content-Length"),
            head("CL list 1, 2", POST + "Content-Length: 1, 2\r\n\r\na", 400, "invalid Content-Length"),
            head("CL +5", POST + "Content-Length: +5\r\n\r\nabcde", 400, "invalid Content-Length"),
            head("CL -1", POST + "Content-Length: -1\r\n\r\n", 400, "invalid Content-Length"),
            head("CL 0x10", POST + "Content-Length: 0x10\r\n\r\n", 400, "invalid Content-Length"),
            head("CL empty", POST + "Content-Length:\r\n\r\n", 400, "invalid Content-Length"),
            head("CL inner space", POST + "Content-Length: 1 0\r\n\r\n", 400, "invalid Content-Length"),
            head("CL overflows a long", POST + "Content-Length: 9223372036854775808\r\n\r\n",
                400, "invalid Content-Length"),
            accepted("CL with OWS", POST + "Content-Length: \t5 \r\n\r\nhello"));
    }

    private static Stream<Arguments> requestLines() {
        return Stream.of(
            // Request line
            head("NUL in request-target", "GET /\u0000 HTTP/1.1\r\nHost: h\r\n\r\n", 400, "NUL in request-target"),
            head("NUL in method", "G\u0000ET / HTTP/1.1\r\nHost: h\r\n\r\n", 400, "NUL in request method"),
            head("NUL after version", "GET / HTTP/1.1\u0000\r\nHost: h\r\n\r\n", 400, "invalid HTTP version"),
            head("two spaces after method", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "extra whitespace in request line"),
            head("two spaces before version", "GET /  HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "extra whitespace in request line"),
            head("space after version", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400, "extra whitespace in request line"),
            head("tab after method", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", 400, "invalid byte 0x09 in request method"),
            head("space before method", " GET / HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid byte 0x20 in request method"),
            head("bare CR ends request line", "GET / HTTP/1.1\rHost: h\r\n\r\n", 400, "bare CR in request line"),
            head("bare CR before request line", "\rGET / HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "bare CR in request method"),
            head("method with (", "GE(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400, "invalid byte 0x28 in request method"),
            head("method with obs-text", "G\u00c9T / HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid byte 0xc9 in request method"),
            head("request line is a method only", "GET\r\nHost: h\r\n\r\n", 400, "missing request-target"),
            head("no version", "GET /\r\nHost: h\r\n\r\n", 400, "missing HTTP version"),
            head("lowercase version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400, "invalid HTTP version"),
            head("version HTTP/1", "GET / HTTP/1\r\nHost: h\r\n\r\n", 400, "invalid HTTP version"),
            head("version HTTP/1.10", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400, "invalid HTTP version"),
            head("version HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505, "HTTP version not supported: HTTP/2.0"),
            head("version HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505, "HTTP version not supported: HTTP/1.2"),
            head("version HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505, "HTTP version not supported: HTTP/0.9"),
            head("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                501, "CONNECT is not supported"),
            accepted("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"),
            head("GET *", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400, "asterisk-form request-target without OPTIONS"),
            head("authority-form without CONNECT", "GET example.com:80 HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid request-target form"),
            head("absolute-form ftp", "GET ftp://example.com/ HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid request-target form"),
            head("absolute-form without authority", "GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid request-target form"),
            accepted("absolute-form https", "GET HTTPS://example.com:8443/a?b HTTP/1.1\r\nHost: x\r\n\r\n"),
            head("fragment in target", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n", 400, "fragment in request-target"),
            head("obs-text in target", "GET /caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid byte 0xe9 in request-target"),
            head("DEL in target", "GET /\u007f HTTP/1.1\r\nHost: h\r\n\r\n",
                400, "invalid byte 0x7f in request-target"),
            head("five empty lines before request", "\r\n\r\n\r\n\r\n\r\n" + GET + "\r\n",
                400, "too many empty lines before request line"));
    }

    /** Header fields and the head's limits. */
    private static Stream<Arguments> headerFields() {
        return Stream.of(
            // Header fields
            head("NUL in value", GET + "X: a\u0000b\r\n\r\n", 400, "NUL in header field value"),
            head("CR in value", GET + "X: a\rb\r\n\r\n", 400, "bare CR in header field value"),
            head("bare CR ends a field line", GET + "X: a\rY: b\r\n\r\n", 400, "bare CR in header field value"),
            head("0x01 in value", GET + "X: a\u0001b\r\n\r\n", 400, "invalid byte 0x01 in header field value"),
            head("0x7F in value", GET + "X: a\u007fb\r\n\r\n", 400, "invalid byte 0x7f in header field value"),
            head("NUL in name", GET + "X\u0000: a\r\n\r\n", 400, "NUL in header field name"),
            head("CR in name", GET + "X\r: a\r\n\r\n", 400, "bare CR in header field name"),
            head("space in name", GET + "Bad Name: x\r\n\r\n", 400, "whitespace in header field name"),
            head("empty name", GET + ": x\r\n\r\n", 400, "empty header field name"),
            head("no colon", GET + "NoColon\r\n\r\n", 400, "missing colon in header field"),
            head("obs-fold", GET + "X: a\r\n\tb\r\n\r\n", 400, "obs-fold in header section"),
            head("whitespace before first field", "GET / HTTP/1.1\r\n Host: h\r\n\r\n",
                400, "obs-fold in header section"),
            head("missing Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, "missing Host header"),
            head("two Hosts", GET + "Host: h\r\n\r\n", 400, "multiple Host headers"),
            head("Host with space", "GET / HTTP/1.1\r\nHost: exa mple.com\r\n\r\n", 400, "invalid Host header"),
            head("Host with slash", "GET / HTTP/1.1\r\nHost: h/admin\r\n\r\n", 400, "invalid Host header"),
            head("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@h\r\n\r\n", 400, "invalid Host header"),
            accepted("Host IPv6 with port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"),
            accepted("Host empty", "GET / HTTP/1.1\r\nHost:\r\n\r\n"),
            // Limits
            head("101 header fields", GET + "X: v\r\n".repeat(100) + "\r\n", 431, "too many header fields"),
            accepted("100 header fields", GET + "X: v\r\n".repeat(99) + "\r\n"),
            head("header section over 32 KiB", GET + "X: " + "v".repeat(32768) + "\r\n\r\n",
                431, "header section too large"),
            head("request-target over 8 KiB", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n",
                414, "request-target too long"),
            head("request line of 9000 token bytes", "A".repeat(9000) + "\r\n\r\n", 400, "request line too long"),
            head("long garbage after version", "GET / HTTP/1.1 " + "x".repeat(9000) + "\r\n\r\n",
                400, "request line too long"));
    }

    private static Stream<Arguments> chunkedBodies() {
        return Stream.of(
            // Chunked body framing (the head was valid, so its request was emitted first)
            body("chunk size 0x5", CHUNKED + "0x5\r\nhello\r\n0\r\n\r\n", 400, "invalid chunk size"),
            body("chunk size -5", CHUNKED + "-5\r\nhello\r\n0\r\n\r\n", 400, "invalid chunk size"),
            body("chunk size empty", CHUNKED + "\r\n", 400, "invalid chunk size"),
            body("chunk size then space", CHUNKED + "5 \r\nhello\r\n0\r\n\r\n", 400, "invalid chunk size"),
            body("chunk size 17 hex digits", CHUNKED + "10000000000000000\r\n", 400, "chunk size too large"),
            body("chunk size overflows a long", CHUNKED + "8000000000000000\r\n", 400, "chunk size too large"),
            body("chunk extension with CTL", CHUNKED + "5;a=\u0001\r\nhello\r\n0\r\n\r\n",
                400, "invalid chunk extension"),
            body("chunk extension with bare CR", CHUNKED + "5;a\rb\r\nhello\r\n0\r\n\r\n",
                400, "invalid chunk extension"),
            body("chunk-size line over 4 KiB", CHUNKED + "5;" + "e".repeat(5000) + "\r\nhello\r\n0\r\n\r\n",
                400, "chunk-size line too long"),
            body("chunk data then garbage", CHUNKED + "5\r\nhelloXX0\r\n\r\n", 400, "chunk data not followed by CRLF",
                "hello"),
            body("chunk data then bare LF", CHUNKED + "5\r\nhello\n0\r\n\r\n", 400, "chunk data not followed by CRLF",
                "hello"),
            body("chunk data longer than its size", CHUNKED + "3\r\nhello\r\n0\r\n\r\n",
                400, "chunk data not followed by CRLF", "hel"),
            body("trailer with CTL", CHUNKED + "0\r\nX: \u0001\r\n\r\n",
                400, "invalid byte 0x01 in trailer field value"),
            body("trailer obs-fold", CHUNKED + "0\r\nX: a\r\n b\r\n\r\n", 400, "obs-fold in trailer section"),
            accepted("16 hex digits with leading zeros", CHUNKED + "000000000000000a\r\n0123456789\r\n0\r\n\r\n"),
            accepted("chunk extension after BWS", CHUNKED + "5 ;\tname=\"v;1\"\r\nhello\r\n0\r\n\r\n")
        );
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("corpus")
    void answersWithTheExactStatusAndEmitsNothingMalformed(String name, String request, int status, String reason,
                                                          boolean headValid, List<String> content) {
        List<Object> events = joinContent(decode(request));

        if (status == OK) {
            assertThat(events).hasSizeBetween(2, 3);
            assertThat(events.getFirst()).isInstanceOf(Head.class);
            assertThat(events.getLast()).isInstanceOf(End.class);
            assertThat(events).noneMatch(e -> e instanceof RequestRejected);
        } else if (headValid) {
            assertThat(events.getFirst()).isInstanceOf(Head.class);
            assertThat(events.subList(1, events.size() - 1))
                .isEqualTo(content.stream().map(Content::new).toList());
            assertThat(events.getLast()).isEqualTo(Decoded.rejected(status, reason));
        } else {
            assertThat(events).containsExactly(Decoded.rejected(status, reason));
        }
        if (request.length() < 4096) {
            assertThat(joinContent(decodeByteByByte(request))).as("fed byte by byte").isEqualTo(events);
        }
    }

    private static Arguments head(String name, String request, int status, String reason) {
        return Arguments.of(name, request, status, reason, false, List.of());
    }

    private static Arguments body(String name, String request, int status, String reason, String... content) {
        return Arguments.of(name, request, status, reason, true, List.of(content));
    }

    private static Arguments accepted(String name, String request) {
        return Arguments.of(name, request, OK, "", false, List.of());
    }
}
