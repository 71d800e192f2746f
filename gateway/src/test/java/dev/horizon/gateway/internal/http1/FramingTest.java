package dev.horizon.gateway.internal.http1;

import static dev.horizon.gateway.internal.http1.Framing.CHUNKED;
import static dev.horizon.gateway.internal.http1.Framing.CLOSE;
import static dev.horizon.gateway.internal.http1.Framing.LENGTH;
import static dev.horizon.gateway.internal.http1.Framing.NONE;
import static dev.horizon.gateway.internal.http1.FramingRefusal.CHUNKED_IN_HTTP_1_0;
import static dev.horizon.gateway.internal.http1.FramingRefusal.CHUNKED_NOT_LAST;
import static dev.horizon.gateway.internal.http1.FramingRefusal.CHUNKED_TWICE;
import static dev.horizon.gateway.internal.http1.FramingRefusal.DIFFERING_CONTENT_LENGTH;
import static dev.horizon.gateway.internal.http1.FramingRefusal.EMPTY_CODINGS;
import static dev.horizon.gateway.internal.http1.FramingRefusal.INVALID_CODING;
import static dev.horizon.gateway.internal.http1.FramingRefusal.INVALID_CONTENT_LENGTH;
import static dev.horizon.gateway.internal.http1.FramingRefusal.LENGTH_AND_CHUNKED;
import static dev.horizon.gateway.internal.http1.FramingRefusal.MULTIPLE_CONTENT_LENGTH;
import static dev.horizon.gateway.internal.http1.FramingRefusal.UNSUPPORTED_CODING;
import static dev.horizon.gateway.internal.http1.FramingRefusal.UNSUPPORTED_TRANSFER_ENCODING;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Framing}'s decision, RFC 9112 §6.3 "Message Body Length" and the §6.1 rules it leans on, as a table: the
 * message (a request, or a response with its status and what it answers), its framing fields as received, and the
 * exact framing or refusal, for the request policy and the response policy of {@link FramingFields}.
 */
class FramingTest {

    private static final Pattern MESSAGE =
        Pattern.compile("(request|response) HTTP/1\\.([01])(?: (\\d{3}))?(?: to (HEAD|CONNECT))?");

    static Stream<Arguments> rules() {
        return Stream.of(noBodyRules(), transferEncodingRules(), contentLengthRules()).flatMap(rows -> rows);
    }

    /** ¶1 and ¶2: messages whose body is empty whatever their fields say. */
    private static Stream<Arguments> noBodyRules() {
        return Stream.of(
            // ¶1: no body after a HEAD answer, a 1xx, a 204 or a 304, whatever the fields say
            row("¶1 answer to HEAD", "response HTTP/1.1 200 to HEAD", "Content-Length: 5", NONE),
            row("¶1 answer to HEAD, chunked", "response HTTP/1.1 200 to HEAD", "Transfer-Encoding: chunked", NONE),
            row("¶1 100 Continue", "response HTTP/1.1 100", "Content-Length: 5", NONE),
            row("¶1 103 Early Hints", "response HTTP/1.1 103", "", NONE),
            row("¶1 204 with both fields", "response HTTP/1.1 204",
                "Content-Length: 5 | Transfer-Encoding: chunked", NONE),
            row("¶1 304 with Content-Length", "response HTTP/1.1 304", "Content-Length: 100", NONE),
            row("¶1 204 in HTTP/1.0 with chunked", "response HTTP/1.0 204", "Transfer-Encoding: chunked", NONE),
            // ¶2: a 2xx answer to CONNECT is a tunnel; any other status is read as usual
            row("¶2 200 to CONNECT", "response HTTP/1.1 200 to CONNECT", "Content-Length: 5", NONE),
            row("¶2 299 to CONNECT", "response HTTP/1.1 299 to CONNECT", "Transfer-Encoding: chunked", NONE),
            row("¶2 407 to CONNECT", "response HTTP/1.1 407 to CONNECT", "Content-Length: 5", LENGTH));
    }

    /** ¶3 and ¶4, with §6.1: Transfer-Encoding. */
    private static Stream<Arguments> transferEncodingRules() {
        return Stream.of(
            // ¶3: both framing fields are an error; §6.1: Transfer-Encoding in HTTP/1.0 is, before anything else
            row("¶3 request TE then CL", "request HTTP/1.1", "Transfer-Encoding: chunked | Content-Length: 5",
                LENGTH_AND_CHUNKED),
            row("¶3 request CL 0 then TE", "request HTTP/1.1", "Content-Length: 0 | Transfer-Encoding: chunked",
                LENGTH_AND_CHUNKED),
            row("¶3 response CL then TE", "response HTTP/1.1 200", "Content-Length: 5 | Transfer-Encoding: chunked",
                LENGTH_AND_CHUNKED),
            row("§6.1 request TE in HTTP/1.0", "request HTTP/1.0", "Transfer-Encoding: chunked", CHUNKED_IN_HTTP_1_0),
            row("§6.1 request TE and CL in HTTP/1.0", "request HTTP/1.0",
                "Content-Length: 1 | Transfer-Encoding: chunked", CHUNKED_IN_HTTP_1_0),
            row("§6.1 response TE and CL in HTTP/1.0", "response HTTP/1.0 200",
                "Content-Length: 1 | Transfer-Encoding: chunked", CHUNKED_IN_HTTP_1_0),
            // ¶4: chunked last means chunked; a request with any other list is refused
            row("¶4 request chunked", "request HTTP/1.1", "Transfer-Encoding: chunked", CHUNKED),
            row("¶4 request Chunked in any case", "request HTTP/1.1", "Transfer-Encoding: ChUnKeD", CHUNKED),
            row("¶4 request empty list elements", "request HTTP/1.1", "Transfer-Encoding: , chunked ,", CHUNKED),
            row("¶4 request gzip, chunked", "request HTTP/1.1", "Transfer-Encoding: gzip, chunked",
                UNSUPPORTED_CODING),
            row("¶4 request gzip then chunked fields", "request HTTP/1.1",
                "Transfer-Encoding: gzip | Transfer-Encoding: chunked", UNSUPPORTED_CODING),
            row("¶4 request chunked, gzip", "request HTTP/1.1", "Transfer-Encoding: chunked, gzip", CHUNKED_NOT_LAST),
            row("¶4 request gzip", "request HTTP/1.1", "Transfer-Encoding: gzip", CHUNKED_NOT_LAST),
            row("¶4 request chunked twice", "request HTTP/1.1",
                "Transfer-Encoding: chunked | Transfer-Encoding: chunked", CHUNKED_TWICE),
            row("¶4 request empty", "request HTTP/1.1", "Transfer-Encoding: ", EMPTY_CODINGS),
            row("¶4 request coding with a parameter", "request HTTP/1.1", "Transfer-Encoding: chunked;q=1",
                INVALID_CODING),
            row("¶4 response chunked", "response HTTP/1.1 200", "Transfer-Encoding: chunked", CHUNKED),
            row("¶4 response gzip, chunked", "response HTTP/1.1 200", "Transfer-Encoding: gzip, chunked",
                UNSUPPORTED_TRANSFER_ENCODING),
            row("¶4 response chunked twice", "response HTTP/1.1 200",
                "Transfer-Encoding: chunked | Transfer-Encoding: chunked", UNSUPPORTED_TRANSFER_ENCODING),
            row("¶4 response coding refused even without a body", "response HTTP/1.1 204", "Transfer-Encoding: gzip",
                UNSUPPORTED_TRANSFER_ENCODING));
    }

    /** ¶5 to ¶8: Content-Length, and neither field. */
    private static Stream<Arguments> contentLengthRules() {
        return Stream.of(
            // ¶5: an invalid Content-Length; responses may repeat one value, requests may not
            row("¶5 request letters", "request HTTP/1.1", "Content-Length: abc", INVALID_CONTENT_LENGTH),
            row("¶5 request sign", "request HTTP/1.1", "Content-Length: +5", INVALID_CONTENT_LENGTH),
            row("¶5 request overflow", "request HTTP/1.1", "Content-Length: 9223372036854775808",
                INVALID_CONTENT_LENGTH),
            row("¶5 request list", "request HTTP/1.1", "Content-Length: 5, 5", INVALID_CONTENT_LENGTH),
            row("¶5 request repeated", "request HTTP/1.1", "Content-Length: 5 | Content-Length: 5",
                MULTIPLE_CONTENT_LENGTH),
            row("¶5 response list of one value", "response HTTP/1.1 200", "Content-Length: 5, 5", LENGTH),
            row("¶5 response repeated", "response HTTP/1.1 200", "Content-Length: 5 | Content-Length: 5", LENGTH),
            row("¶5 response differing", "response HTTP/1.1 200", "Content-Length: 5 | Content-Length: 6",
                DIFFERING_CONTENT_LENGTH),
            row("¶5 response differing list", "response HTTP/1.1 200", "Content-Length: 5, 6",
                INVALID_CONTENT_LENGTH),
            row("¶5 response empty element", "response HTTP/1.1 200", "Content-Length: 5,", INVALID_CONTENT_LENGTH),
            row("¶5 response invalid even without a body", "response HTTP/1.1 304", "Content-Length: x",
                INVALID_CONTENT_LENGTH),
            // ¶6: a valid Content-Length
            row("¶6 request", "request HTTP/1.1", "Content-Length: 5", LENGTH),
            row("¶6 request zero", "request HTTP/1.1", "Content-Length: 0", NONE),
            row("¶6 request HTTP/1.0", "request HTTP/1.0", "Content-Length: 5", LENGTH),
            row("¶6 response", "response HTTP/1.1 200", "Content-Length: 5", LENGTH),
            row("¶6 response zero", "response HTTP/1.1 404", "Content-Length: 0", NONE),
            // ¶7: a request without either has no body; ¶8: a response runs to the close
            row("¶7 request", "request HTTP/1.1", "", NONE),
            row("¶7 request HTTP/1.0", "request HTTP/1.0", "", NONE),
            row("¶8 response", "response HTTP/1.1 200", "", CLOSE),
            row("¶8 response HTTP/1.0", "response HTTP/1.0 500", "", CLOSE));
    }

    @ParameterizedTest(name = "{0}: {1} [{2}] -> {3}")
    @MethodSource("rules")
    void decidesAsRfc9112Section6Point3Says(String rule, String message, String fields, FramingDecision expected) {
        Matcher m = MESSAGE.matcher(message);
        assertThat(m.matches()).as(message).isTrue();
        boolean request = m.group(1).equals("request");
        FramingFields framingFields = request ? FramingFields.forRequests() : FramingFields.forResponses();
        FramingDecision decision = null;
        for (String field : fields.isEmpty() ? new String[0] : fields.split(" \\| ")) {
            FramingRefusal refusal = takeIn(framingFields, field);
            if (refusal != null && decision == null) {
                decision = refusal;
            }
        }
        boolean http11 = m.group(2).equals("1");
        if (decision == null) {
            decision = request ? Framing.ofRequest(framingFields, http11)
                : Framing.ofResponse(framingFields, Integer.parseInt(m.group(3)), http11, "HEAD".equals(m.group(4)),
                    "CONNECT".equals(m.group(4)));
        }

        assertThat(decision).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void decidesTheSameAfterAReset(String rule, String message, String fields, FramingDecision expected) {
        FramingFields framingFields = message.startsWith("request") ? FramingFields.forRequests()
            : FramingFields.forResponses();
        takeIn(framingFields, "Transfer-Encoding: gzip");
        takeIn(framingFields, "Content-Length: 7");
        framingFields.reset();

        assertThat(framingFields.hasContentLength()).isFalse();
        assertThat(framingFields.hasTransferEncoding()).isFalse();
        assertThat(framingFields.contentLength()).isEqualTo(-1);
        decidesAsRfc9112Section6Point3Says(rule, message, fields, expected);
    }

    /** Feeds one {@code name: value} field, the value's OWS trimmed as a parser trims it. */
    private static @Nullable FramingRefusal takeIn(FramingFields fields, String field) {
        int colon = field.indexOf(':');
        byte[] value = field.substring(colon + 1).strip().getBytes(StandardCharsets.ISO_8859_1);
        return switch (field.substring(0, colon)) {
            case "Content-Length" -> fields.contentLength(value, 0, value.length);
            case "Transfer-Encoding" -> fields.transferEncoding(value, 0, value.length);
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static Arguments row(String rule, String message, String fields, FramingDecision expected) {
        return Arguments.of(rule, message, fields, expected);
    }
}
