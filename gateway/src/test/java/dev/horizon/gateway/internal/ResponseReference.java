package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.BackendResponseDecoder.Invalid;
import dev.horizon.gateway.internal.DecodedResponses.Body;
import dev.horizon.gateway.internal.DecodedResponses.End;
import dev.horizon.gateway.internal.DecodedResponses.Head;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reference reading of the response rules {@link BackendResponseDecoder} implements, written for clarity and not
 * for speed: it sees the whole input at once, cuts it with String methods and regular expressions, and applies the
 * rules in the order RFC 9112 and the decoder's notes state them. It emits what the decoder must emit, with adjacent
 * body pieces joined; input that stops inside a head, a chunk-size line or a trailer section emits nothing more.
 *
 * <p>The rules: a head ends at its first empty line, within 64 KiB, after at most 257 lines; a CR is only allowed
 * right before LF. Status line {@code HTTP/1.0|1 SP 3DIGIT [SP reason]}, status at least 100. A field line is a
 * token, a colon and a value of HTAB, SP, VCHAR and obs-text. Content-Length is a list of identical decimal values,
 * and a second field must agree; Transfer-Encoding is one field reading {@code chunked}; Connection has at most 16
 * options besides close and keep-alive. 1xx heads are interim. The body (RFC 9112 §6.3): none for HEAD, 204 and 304;
 * Transfer-Encoding in HTTP/1.0, then together with Content-Length, is invalid; chunked; Content-Length; else to the
 * close. Chunk-size lines up to 4096 bytes; trailer sections up to 256 fields and 65536 bytes of field lines.
 */
final class ResponseReference {

    static final int MAX_HEAD_BYTES = 65536;
    static final int MAX_LINES = 257;
    static final int MAX_CONNECTION_OPTIONS = 16;
    static final int MAX_CHUNK_LINE_BYTES = 4096;
    static final int MAX_TRAILER_FIELDS = 256;
    static final int MAX_TRAILER_BYTES = 65536;
    /** Dropped from heads and trailers: hop-by-hop (RFC 9110 §7.6.1), framing and the proxy's own request id. */
    static final Set<String> DROPPED =
        Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "x-request-id");

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.([01]) ([0-9]{3})(?: (.*))?", Pattern.DOTALL);
    private static final Pattern FIELD_LINE = Pattern.compile("([-!#$%&'*+.^_`|~0-9A-Za-z]+):(.*)", Pattern.DOTALL);
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]*");
    private static final Pattern CHUNK_SIZE_LINE =
        Pattern.compile("([0-9A-Fa-f]+)(?:[ \\t]*;[\\t\\x20-\\x7e\\x80-\\xff]*)?");
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private final String input;
    private final Iterator<Boolean> answersToHead;
    private final List<Object> events = new ArrayList<>();
    private int at;
    private boolean toHead;

    private ResponseReference(String input, List<Boolean> answersToHead) {
        this.input = input;
        this.answersToHead = answersToHead.iterator();
    }

    /** The events for {@code input}; {@code answersToHead} says, per final response, whether it answers HEAD. */
    static List<Object> parse(String input, List<Boolean> answersToHead) {
        ResponseReference reference = new ResponseReference(input, answersToHead);
        reference.toHead = reference.nextAnswersToHead();
        while (reference.at < input.length() && reference.response()) {
            continue;
        }
        return DecodedResponses.joinBody(reference.events);
    }

    private boolean nextAnswersToHead() {
        return answersToHead.hasNext() && answersToHead.next();
    }

    /** One response from {@link #at}; false when the input stopped or was invalid. */
    private boolean response() {
        List<String> lines = headLines();
        if (lines == null) {
            return false;
        }
        Matcher status = lines.isEmpty() ? null : STATUS_LINE.matcher(lines.getFirst());
        if (status == null || !status.matches()) {
            return invalid("invalid status line");
        }
        String reason = status.group(3) == null ? "" : status.group(3);
        if (!FIELD_VALUE.matcher(reason).matches()) {
            return invalid("invalid byte in reason phrase");
        }
        int code = Integer.parseInt(status.group(2));
        if (code < 100) {
            return invalid("invalid status code");
        }
        Fields fields = new Fields();
        for (String line : lines.subList(1, lines.size())) {
            String problem = fields.add(line);
            if (problem != null) {
                return invalid(problem);
            }
        }
        if (code < 200) {
            events.add(new Head(code, true, Framing.NONE, ""));
            return true;
        }
        return finalResponse(code, status.group(1).equals("1"), reason, fields);
    }

    private boolean finalResponse(int code, boolean http11, String reason, Fields fields) {
        Framing framing;
        if (toHead || code == 204 || code == 304) {
            framing = Framing.NONE;
        } else if (fields.chunked && !http11) {
            return invalid("Transfer-Encoding in an HTTP/1.0 response");
        } else if (fields.chunked && fields.length != null) {
            return invalid("both Content-Length and Transfer-Encoding");
        } else if (fields.chunked) {
            framing = Framing.CHUNKED;
        } else if (fields.length != null) {
            framing = fields.length.signum() == 0 ? Framing.NONE : Framing.LENGTH;
        } else {
            framing = Framing.CLOSE;
        }
        boolean keepAlive = framing != Framing.CLOSE && !fields.close && (http11 || fields.keepAlive);
        events.add(new Head(code, keepAlive, framing, "HTTP/1.1 " + code + " " + reason + "\r\n" + fields.kept()));
        toHead = nextAnswersToHead();
        return switch (framing) {
            case NONE -> end("");
            case LENGTH -> fields.length != null && body(fields.length.longValue()) && end("");
            case CHUNKED -> chunkedBody();
            case CLOSE -> {
                body(input.length() - at);
                yield end("");
            }
        };
    }

    /**
     * The lines of the head at {@link #at} without their terminators, the empty line that ends it consumed; null
     * after adding an {@link Invalid}, or when the input stops first.
     */
    private @Nullable List<String> headLines() {
        int window = Math.min(input.length(), at + MAX_HEAD_BYTES);
        List<String> lines = new ArrayList<>();
        for (int start = at; ; ) {
            int lf = input.indexOf('\n', start);
            boolean complete = lf >= 0 && lf < window;
            String line = complete ? withoutCr(input.substring(start, lf)) : input.substring(start, window);
            int cr = line.indexOf('\r');
            if (cr >= 0 && (complete || cr < line.length() - 1)) {
                invalid("bare CR in response head");
                return null;
            }
            if (!complete) {
                if (input.length() - at > MAX_HEAD_BYTES) {
                    invalid("response head larger than " + MAX_HEAD_BYTES + " bytes");
                }
                return null;
            }
            if (line.isEmpty()) {
                at = lf + 1;
                return lines;
            }
            if (lines.size() == MAX_LINES) {
                invalid("too many header fields");
                return null;
            }
            lines.add(line);
            start = lf + 1;
        }
    }

    /** The header fields of one head, read in order. */
    private static final class Fields {
        @Nullable BigInteger length;
        boolean chunked;
        boolean close;
        boolean keepAlive;
        final List<String> options = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        /** Reads one field line; returns what is wrong with it, or null. */
        @Nullable String add(String line) {
            Matcher field = FIELD_LINE.matcher(line);
            if (!field.matches()) {
                return "header field line without a valid name";
            }
            String value = HttpFuzzing.trimOws(field.group(2));
            if (!FIELD_VALUE.matcher(field.group(2)).matches()) {
                return "invalid byte in a header field value";
            }
            switch (field.group(1).toLowerCase(Locale.ROOT)) {
                case "content-length" -> {
                    BigInteger v = identicalDecimals(value);
                    if (v == null || length != null && !v.equals(length)) {
                        return v == null ? "invalid Content-Length" : "differing Content-Length values";
                    }
                    if (length == null) {
                        lines.add(value.contains(",") ? field.group(1) + ": " + v : line);
                    }
                    length = v;
                }
                case "transfer-encoding" -> {
                    if (chunked || !value.equalsIgnoreCase("chunked")) {
                        return "unsupported Transfer-Encoding";
                    }
                    chunked = true;
                }
                case "connection" -> {
                    return connection(value);
                }
                default -> lines.add(line);
            }
            return null;
        }

        private @Nullable String connection(String value) {
            for (String element : value.split(",", -1)) {
                String option = HttpFuzzing.trimOws(element);
                if (option.equalsIgnoreCase("close")) {
                    close = true;
                } else if (option.equalsIgnoreCase("keep-alive")) {
                    keepAlive = true;
                } else if (!option.isEmpty()) {
                    options.add(option.toLowerCase(Locale.ROOT));
                }
            }
            return options.size() > MAX_CONNECTION_OPTIONS ? "too many Connection options" : null;
        }

        /** The lines forwarded: not hop-by-hop, not named by Connection, one Content-Length. */
        String kept() {
            StringBuilder kept = new StringBuilder();
            for (String line : lines) {
                String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
                if (name.equals("content-length") || !isDropped(name) && !options.contains(name)) {
                    kept.append(line).append("\r\n");
                }
            }
            return kept.toString();
        }
    }

    private boolean chunkedBody() {
        while (true) {
            int lf = input.indexOf('\n', at);
            if (lf < 0) {
                return input.length() - at > MAX_CHUNK_LINE_BYTES + 1 && invalid("chunk-size line too long");
            }
            String line = withoutCr(input.substring(at, lf));
            if (line.length() > MAX_CHUNK_LINE_BYTES) {
                return invalid("chunk-size line too long");
            }
            Matcher size = CHUNK_SIZE_LINE.matcher(line);
            if (!size.matches() || size.group(1).length() > 16
                || new BigInteger(size.group(1), 16).compareTo(MAX_LONG) > 0) {
                return invalid("invalid chunk size");
            }
            at = lf + 1;
            long n = Long.parseLong(size.group(1), 16);
            if (n == 0) {
                return trailers();
            }
            if (!body(n)) {
                return false;
            }
            if (at == input.length() || at + 1 == input.length() && input.charAt(at) == '\r') {
                return false;
            }
            if (!input.startsWith("\r\n", at)) {
                return invalid("chunk data not followed by CRLF");
            }
            at += 2;
        }
    }

    private boolean trailers() {
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int fields = 0; ; ) {
            int lf = input.indexOf('\n', at);
            int room = MAX_TRAILER_BYTES - bytes;
            if (lf < 0) {
                return input.length() - at > room + 1 && invalid("trailer section too large");
            }
            String line = withoutCr(input.substring(at, lf));
            if (line.length() > room) {
                return invalid("trailer section too large");
            }
            at = lf + 1;
            if (line.isEmpty()) {
                return end(kept.toString());
            }
            bytes += line.length();
            if (++fields > MAX_TRAILER_FIELDS) {
                return invalid("too many trailer fields");
            }
            if (line.indexOf('\r') >= 0) {
                return invalid("bare CR in trailer section");
            }
            Matcher field = FIELD_LINE.matcher(line);
            if (!field.matches() || !FIELD_VALUE.matcher(field.group(2)).matches()) {
                return invalid("invalid trailer field");
            }
            String name = field.group(1).toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !isDropped(name)) {
                kept.append(line).append("\r\n");
            }
        }
    }

    /** Up to {@code n} body bytes; false when the input stopped before all of them. */
    private boolean body(long n) {
        int available = (int) Math.min(n, input.length() - at);
        if (available > 0) {
            events.add(new Body(input.substring(at, at + available)));
            at += available;
        }
        return available == n;
    }

    private boolean end(String trailers) {
        events.add(new End(trailers));
        return true;
    }

    private boolean invalid(String reason) {
        events.add(new Invalid(reason));
        at = input.length();
        return false;
    }

    private static boolean isDropped(String lowerCaseName) {
        return DROPPED.contains(lowerCaseName) || lowerCaseName.equals("content-length")
            || lowerCaseName.length() > 6 && lowerCaseName.startsWith("proxy-");
    }

    /** A list of identical decimal values, each fitting a long; null otherwise. */
    private static @Nullable BigInteger identicalDecimals(String value) {
        BigInteger result = null;
        for (String element : value.split(",", -1)) {
            String digits = HttpFuzzing.trimOws(element);
            if (!digits.matches("[0-9]+") || new BigInteger(digits).compareTo(MAX_LONG) > 0
                || result != null && !result.equals(new BigInteger(digits))) {
                return null;
            }
            result = new BigInteger(digits);
        }
        return result;
    }

    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
