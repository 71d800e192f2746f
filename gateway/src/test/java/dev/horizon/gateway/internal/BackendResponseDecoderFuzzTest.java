package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.DecodedResponses.joinBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.BackendResponseDecoder.Invalid;
import dev.horizon.gateway.internal.DecodedResponses.Body;
import dev.horizon.gateway.internal.DecodedResponses.End;
import dev.horizon.gateway.internal.DecodedResponses.Head;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Randomized tests of {@link BackendResponseDecoder} against a reference model, with a fixed seed. Generated valid
 * responses (interim heads, random status lines and fields with random OWS, hop-by-hop fields and Connection
 * options, Content-Length, chunked and close-delimited bodies, trailers, answers to HEAD, bare-LF line ends) are
 * pipelined and fed in random pieces; they must decode to exactly what the generator says, and {@link
 * ResponseReference}, a plain reading of the same rules, must say the same. Mutated inputs (bytes replaced,
 * deleted or inserted, lines doubled) must decode to exactly what the reference reads in them.
 */
class BackendResponseDecoderFuzzTest {

    private static final long SEED = 0x5EED_2026_0520L;
    /** Bytes a mutation writes: the ones the grammar turns on, and a few others. */
    private static final String MUTATIONS = "\r\n\t :,;09aFHTP/-\u0000\u0001\u000b\u007f\u0080\u00ff";
    private static final List<String> HOP_BY_HOP_FIELDS = List.of("Keep-Alive: timeout=5, max=100", "TE: trailers",
        "Trailer: X-Checksum", "Upgrade: h2c", "Proxy-Authenticate: Basic realm=x", "proxy-foo: 1",
        "X-Request-Id: from-the-backend", "Transfer-Encoding: chunked", "Content-Length: 7", "Connection: close");

    private final Random random = new Random(SEED);
    private final HttpFuzzing fuzz = new HttpFuzzing(random);

    /** Responses on one connection: their bytes, per final response whether it answers HEAD, the expected events. */
    private record Connection(String bytes, List<Boolean> answersToHead, List<Object> events) { }

    /** A field line of a head as generated, and whether it reaches the client. */
    private record Field(String name, String line, boolean kept) { }

    @Test
    void decodesGeneratedPipelinedResponsesFedInRandomPiecesExactlyAsGenerated() {
        for (int iteration = 0; iteration < 300; iteration++) {
            Connection connection = connection();
            String what = "connection %d: %s".formatted(iteration, HttpFuzzing.printable(connection.bytes()));

            assertThat(ResponseReference.parse(connection.bytes(), connection.answersToHead())).as(what)
                .isEqualTo(connection.events());
            assertThat(joinBody(DecodedResponses.decodeAnswering(connection.answersToHead(),
                fuzz.split(connection.bytes())))).as(what).isEqualTo(connection.events());
        }
    }

    @Test
    void decodesMutatedResponsesExactlyAsTheReferenceReadsThem() {
        int invalid = 0;
        int valid = 0;
        for (int iteration = 0; iteration < 2000; iteration++) {
            Connection connection = connection();
            StringBuilder input = new StringBuilder(connection.bytes());
            for (int m = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1); m > 0; m--) {
                mutate(input);
            }
            String bytes = input.toString();
            List<Object> expected = ResponseReference.parse(bytes, connection.answersToHead());
            String what = "iteration %d: %s".formatted(iteration, HttpFuzzing.printable(bytes));

            assertThat(joinBody(DecodedResponses.decodeAnswering(connection.answersToHead(), fuzz.split(bytes))))
                .as(what).isEqualTo(expected);
            if (!expected.isEmpty() && expected.getLast() instanceof Invalid) {
                invalid++;
            } else {
                valid++;
            }
        }
        assertThat(invalid).isGreaterThan(700);
        assertThat(valid).isGreaterThan(400);
    }

    private Connection connection() {
        StringBuilder bytes = new StringBuilder();
        List<Boolean> answersToHead = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        int responses = 1 + random.nextInt(3);
        for (int r = 0; r < responses; r++) {
            boolean toHead = random.nextInt(8) == 0;
            answersToHead.add(toHead);
            for (int i = random.nextInt(6) == 0 ? 1 + random.nextInt(2) : 0; i > 0; i--) {
                interim(bytes, events);
            }
            response(bytes, events, toHead, r == responses - 1);
        }
        return new Connection(bytes.toString(), answersToHead, events);
    }

    private void interim(StringBuilder bytes, List<Object> events) {
        int status = random.nextBoolean() ? 100 : 103;
        bytes.append("HTTP/1.1 ").append(status).append(status == 100 ? " Continue" : " Early Hints").append(eol());
        if (status == 103) {
            bytes.append("Link: </style.css>; rel=preload").append(eol());
        }
        bytes.append(eol());
        events.add(new Head(status, true, Framing.NONE, ""));
    }

    /** One final response: its bytes onto {@code bytes}, its events onto {@code events}. */
    private void response(StringBuilder bytes, List<Object> events, boolean toHead, boolean last) {
        boolean http11 = random.nextInt(100) < 85;
        int status = status();
        List<Field> fields = new ArrayList<>();
        for (int i = random.nextInt(10); i > 0; i--) {
            String name = endToEndName();
            fields.add(new Field(name, name + ":" + fuzz.ows() + fuzz.fieldValue() + fuzz.ows(), true));
        }
        boolean[] connectionSays = connectionFields(fields);
        String body = fuzz.bytes(random.nextInt(4) == 0 ? 0 : random.nextInt(300));
        boolean noBody = toHead || status == 204 || status == 304;
        Framing framing = framing(noBody, http11, last, body.isEmpty());
        boolean lengthField = noBody ? random.nextBoolean() : framing == Framing.LENGTH || framing == Framing.NONE;
        if (lengthField) {
            lengthFields(fields, Integer.toString(noBody ? random.nextInt(1000) : body.length()));
        }
        if (framing == Framing.CHUNKED || noBody && random.nextInt(3) == 0) {
            fields.add(new Field("Transfer-Encoding", pick("Transfer-Encoding", "transfer-encoding") + ":"
                + fuzz.ows() + pick("chunked", "Chunked", "CHUNKED") + fuzz.ows(), false));
        }
        Collections.shuffle(fields, random);
        @Nullable String reason = reason();
        bytes.append("HTTP/1.").append(http11 ? '1' : '0').append(' ').append(status)
            .append(reason == null ? "" : " " + reason).append(eol());
        StringBuilder kept = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
            .append(reason == null ? "" : reason).append("\r\n");
        writeFields(bytes, kept, fields);
        bytes.append(eol());
        boolean keepAlive = framing != Framing.CLOSE && !connectionSays[0] && (http11 || connectionSays[1]);
        events.add(new Head(status, keepAlive, framing, kept.toString()));
        switch (framing) {
            case NONE -> events.add(End.NONE);
            case LENGTH, CLOSE -> {
                bytes.append(body);
                if (!body.isEmpty()) {
                    events.add(new Body(body));
                }
                events.add(End.NONE);
            }
            case CHUNKED -> chunkedBody(bytes, events, body.isEmpty() ? fuzz.bytes(1 + random.nextInt(99)) : body);
            default -> throw new AssertionError(framing);
        }
    }

    private Framing framing(boolean noBody, boolean http11, boolean last, boolean emptyBody) {
        if (noBody) {
            return Framing.NONE;
        }
        int kind = random.nextInt(10);
        if (kind < 2 && last) {
            return Framing.CLOSE;
        }
        if (kind < 6 && http11) {
            return Framing.CHUNKED;
        }
        return emptyBody ? Framing.NONE : Framing.LENGTH;
    }

    /** Content-Length once, twice alike, or as a list of one value; the first one reaches the client as one value. */
    private void lengthFields(List<Field> fields, String value) {
        switch (random.nextInt(4)) {
            case 0 -> {
                fields.add(new Field("Content-Length", "Content-Length:" + fuzz.ows() + value + fuzz.ows(), true));
                fields.add(new Field("content-length", "content-length:" + fuzz.ows() + value + fuzz.ows(), false));
            }
            case 1 -> fields.add(new Field("Content-Length", "Content-Length: " + value + ", " + value, true));
            default -> fields.add(new Field("Content-Length", "Content-Length:" + fuzz.ows() + value, true));
        }
    }

    /**
     * Adds hop-by-hop fields, and Connection fields with options that name some of them; returns whether Connection
     * says close and whether it says keep-alive.
     */
    private boolean[] connectionFields(List<Field> fields) {
        boolean[] says = new boolean[2];
        for (int i = random.nextInt(3); i > 0; i--) {
            String line = pick(HOP_BY_HOP_FIELDS.toArray(String[]::new));
            if (!line.startsWith("Transfer-Encoding") && !line.startsWith("Content-Length")
                && !line.startsWith("Connection")) {
                fields.add(new Field("", randomCase(line.substring(0, line.indexOf(':'))) + line.substring(
                    line.indexOf(':')), false));
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            List<String> options = new ArrayList<>();
            for (int o = random.nextInt(4); o > 0; o--) {
                String option = "x-hop-" + fuzz.token(1 + random.nextInt(5));
                options.add(randomCase(option));
                fields.add(new Field(option, randomCase(option) + ":" + fuzz.ows() + fuzz.fieldValue(), false));
            }
            if (random.nextInt(4) == 0) {
                says[0] = true;
                options.add(pick("close", "Close"));
            }
            if (random.nextInt(3) == 0) {
                says[1] = true;
                options.add(pick("keep-alive", "Keep-Alive"));
            }
            Collections.shuffle(options, random);
            fields.add(new Field("Connection", pick("Connection", "connection") + ":" + fuzz.ows()
                + String.join(pick(",", ", ", " ,\t"), options) + fuzz.ows(), false));
        }
        return says;
    }

    private void writeFields(StringBuilder bytes, StringBuilder kept, List<Field> fields) {
        boolean lengthKept = false;
        for (Field f : fields) {
            bytes.append(f.line()).append(eol());
            if (f.name().equalsIgnoreCase("content-length")) {
                if (!lengthKept) {
                    String value = HttpFuzzing.trimOws(f.line().substring(f.line().indexOf(':') + 1));
                    kept.append(value.contains(",") ? f.name() + ": " + value.substring(0, value.indexOf(','))
                        : f.line()).append("\r\n");
                }
                lengthKept = true;
            } else if (f.kept()) {
                kept.append(f.line()).append("\r\n");
            }
        }
    }

    private void chunkedBody(StringBuilder bytes, List<Object> events, String body) {
        for (int at = 0; at < body.length(); ) {
            int size = Math.min(body.length() - at, 1 + random.nextInt(64));
            bytes.append(chunkSizeLine(size)).append(eol()).append(body, at, at + size).append("\r\n");
            at += size;
        }
        bytes.append(chunkSizeLine(0)).append(eol());
        StringBuilder kept = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            if (random.nextInt(3) == 0) {
                bytes.append(pick(HOP_BY_HOP_FIELDS.toArray(String[]::new))).append(eol());
            } else {
                String line = endToEndName() + ":" + fuzz.ows() + fuzz.fieldValue() + fuzz.ows();
                bytes.append(line).append(eol());
                kept.append(line).append("\r\n");
            }
        }
        bytes.append(eol());
        events.add(new Body(body));
        events.add(new End(kept.toString()));
    }

    private String chunkSizeLine(int size) {
        String hex = Integer.toHexString(size);
        hex = random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex;
        hex = "0".repeat(random.nextInt(4) == 0 ? random.nextInt(17 - hex.length()) : 0) + hex;
        return switch (random.nextInt(40)) {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 -> hex + ";ext=" + fuzz.token(1 + random.nextInt(6));
            case 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 -> hex + " \t; name=\"quoted value\";flag";
            // a line at the limit, or a byte or two under it
            case 20 -> hex + ";" + "e".repeat(ResponseReference.MAX_CHUNK_LINE_BYTES - hex.length() - 1
                - random.nextInt(3));
            default -> hex;
        };
    }

    private void mutate(StringBuilder input) {
        int pos = random.nextInt(input.length());
        char c = random.nextInt(5) == 0 ? (char) random.nextInt(256) : MUTATIONS.charAt(random.nextInt(
            MUTATIONS.length()));
        switch (random.nextInt(6)) {
            case 0 -> input.deleteCharAt(pos);
            case 1 -> input.insert(pos, c);
            case 2 -> {
                int start = input.lastIndexOf("\n", pos) + 1;
                int end = input.indexOf("\n", pos);
                input.insert(start, input.substring(start, end < 0 ? input.length() : end + 1));
            }
            default -> input.setCharAt(pos, c);
        }
    }

    private int status() {
        return switch (random.nextInt(12)) {
            case 0 -> 204;
            case 1 -> 304;
            case 2 -> 201;
            case 3 -> 404;
            case 4 -> 500;
            case 5 -> 200 + random.nextInt(400);
            default -> 200;
        };
    }

    /** Null for a status line without a reason; else a reason of VCHAR, SP, HTAB and obs-text, maybe empty. */
    private @Nullable String reason() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "OK";
            default -> fuzz.fieldValue();
        };
    }

    private String endToEndName() {
        while (true) {
            String name = fuzz.token(1 + random.nextInt(16));
            String lower = name.toLowerCase(Locale.ROOT);
            if (!ResponseReference.DROPPED.contains(lower) && !lower.equals("content-length")
                && !lower.startsWith("proxy-") && !lower.startsWith("x-hop-")) {
                return name;
            }
        }
    }
    private String eol() {
        return random.nextInt(5) == 0 ? "\n" : "\r\n";
    }

    private String randomCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

}
