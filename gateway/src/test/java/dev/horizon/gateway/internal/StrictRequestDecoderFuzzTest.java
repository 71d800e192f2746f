package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.Decoded.joinContent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.internal.Decoded.Content;
import dev.horizon.gateway.internal.Decoded.End;
import dev.horizon.gateway.internal.Decoded.Head;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized tests against a reference model, with a fixed seed: generated valid requests (random methods, targets,
 * fields with random OWS, Content-Length and chunked bodies with random chunk splits and extensions, trailers) are
 * serialized, pipelined and fed in random pieces, and must decode to exactly what was generated; single bytes of a
 * head turned into control characters must be rejected before anything of that request is emitted, or (for HTAB)
 * decode to what the model predicts.
 */
class StrictRequestDecoderFuzzTest {

    private static final long SEED = 0x5EED_2026_1122L;
    private static final String PATH_CHARS = "abcdefXYZ0189-._~!$&'()*+,;=:@/%?";
    private static final String HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-";
    private static final List<String> METHODS =
        List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND");

    // Which part of a serialized request a byte belongs to; mutations only hit the head.
    private static final char LINE = 'L';
    private static final char NAME = 'N';
    private static final char COLON = ':';
    private static final char OWS = 'O';
    private static final char VALUE = 'V';
    private static final char CR = 'C';
    private static final char LF = 'F';
    private static final char FINAL_CR = 'c';
    private static final char FINAL_LF = 'f';
    private static final char BODY = 'B';

    private final Random random = new Random(SEED);
    private final HttpFuzzing fuzz = new HttpFuzzing(random);

    /** A field as generated: the decoder must report exactly this name and (trimmed) value. */
    private record Field(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /** A request as generated. */
    private record Model(String method, String uri, String version, List<Field> headers, String body,
                         boolean chunked, List<Field> trailers) {

        List<Object> events() {
            List<Object> events = new ArrayList<>();
            events.add(new Head(method, uri, version, headers.stream().map(Field::toString).toList()));
            if (!body.isEmpty()) {
                events.add(new Content(body));
            }
            events.add(new End(trailers.stream().map(Field::toString).toList()));
            return events;
        }
    }

    /** Serialized bytes (one char per byte) and, per byte, its part and field index (-1 outside fields). */
    private static final class Wire {
        final StringBuilder bytes = new StringBuilder();
        final StringBuilder parts = new StringBuilder();
        final List<Integer> fields = new ArrayList<>();

        void append(String s, char part, int field) {
            bytes.append(s);
            for (int i = 0; i < s.length(); i++) {
                parts.append(part);
                fields.add(field);
            }
        }
    }

    @Test
    void decodesGeneratedPipelinedRequestsFedInRandomPiecesExactlyAsGenerated() {
        for (int connection = 0; connection < 400; connection++) {
            List<Object> expected = new ArrayList<>();
            StringBuilder input = new StringBuilder();
            int requests = 1 + random.nextInt(3);
            for (int r = 0; r < requests; r++) {
                Model model = generate();
                expected.addAll(model.events());
                input.append(serialize(model, true).bytes);
            }
            List<Object> events = joinContent(Decoded.decode(fuzz.split(input.toString())));
            assertThat(events).as("connection %d: %s", connection, HttpFuzzing.printable(input)).isEqualTo(expected);
        }
    }

    @Test
    void rejectsControlCharactersMutatedIntoTheHeadOrDecodesWhatTheModelPredicts() {
        int rejected = 0;
        int accepted = 0;
        for (int iteration = 0; iteration < 1500; iteration++) {
            Model model = generate();
            Wire wire = serialize(model, false);
            Model next = random.nextBoolean() ? generate() : null;
            String tail = next == null ? "" : serialize(next, true).bytes.toString();

            int pos = headPosition(wire);
            char original = wire.bytes.charAt(pos);
            char ctl = controlOtherThan(original);
            StringBuilder mutated = new StringBuilder(wire.bytes).append(tail);
            mutated.setCharAt(pos, ctl);
            char part = wire.parts.charAt(pos);
            String what = "iteration %d: 0x%02x at %d (%c) in %s".formatted(iteration, (int) ctl, pos, part,
                HttpFuzzing.printable(mutated));

            List<Object> events = joinContent(Decoded.decode(fuzz.split(mutated.toString())));
            assertWellFormed(events, what);
            if (ctl == '\n') {
                continue; // a new line end: any outcome is fine as long as it is well-formed and free of CTLs
            }
            boolean stillValid = ctl == '\t'
                && (part == OWS || part == VALUE || (part == CR && wire.fields.get(pos) >= 0));
            Model predicted = stillValid ? withMutatedField(model, wire, pos, ctl) : model;
            if (stillValid && changesFraming(model, predicted, wire.fields.get(pos))) {
                continue; // a Host, Content-Length or Transfer-Encoding value that changed: covered by the corpus
            }
            if (stillValid) {
                List<Object> expected = new ArrayList<>(predicted.events());
                if (next != null) {
                    expected.addAll(next.events());
                }
                assertThat(events).as(what).isEqualTo(expected);
                accepted++;
            } else if (part == FINAL_LF && events.isEmpty()) {
                assertThat(next).as(what).isNull(); // the head now runs on into the body, waiting for its end
            } else {
                assertThat(events).as(what).singleElement().isInstanceOfSatisfying(RequestRejected.class,
                    r -> assertThat(r.status().code()).isEqualTo(400));
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(900);
        assertThat(accepted).isGreaterThan(100);
    }

    private Model generate() {
        String version = random.nextInt(100) < 85 ? "HTTP/1.1" : "HTTP/1.0";
        String method = random.nextInt(4) == 0 ? fuzz.token(1 + random.nextInt(8)) : fuzz.pick(METHODS);
        String uri = target(method);
        List<Field> headers = new ArrayList<>();
        int count = random.nextInt(13);
        for (int i = 0; i < count; i++) {
            headers.add(new Field(fieldName(), fuzz.fieldValue()));
        }
        if (version.equals("HTTP/1.1") || random.nextBoolean()) {
            headers.add(random.nextInt(headers.size() + 1), new Field(random.nextBoolean() ? "Host" : "host", host()));
        }
        int kind = random.nextInt(10);
        String body = "";
        boolean chunked = false;
        List<Field> trailers = new ArrayList<>();
        if (kind >= 4) {
            body = fuzz.bytes(random.nextInt(200));
            chunked = kind >= 7 && version.equals("HTTP/1.1");
            Field framing = chunked
                ? new Field("Transfer-Encoding", fuzz.pick(List.of("chunked", "Chunked", "CHUNKED")))
                : new Field("Content-Length", Integer.toString(body.length()));
            headers.add(random.nextInt(headers.size() + 1), framing);
            if (chunked) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    trailers.add(new Field(fieldName(), fuzz.fieldValue()));
                }
            }
        }
        return new Model(method, uri, version, headers, body, chunked, trailers);
    }

    private Wire serialize(Model model, boolean bareLf) {
        Wire wire = new Wire();
        if (bareLf && random.nextInt(10) == 0) {
            wire.append(eol(true), LINE, -1);
        }
        wire.append(model.method() + " " + model.uri() + " " + model.version(), LINE, -1);
        appendEol(wire, bareLf, CR, LF, -1);
        appendFields(wire, model.headers(), bareLf);
        appendEol(wire, bareLf, FINAL_CR, FINAL_LF, -1);
        if (!model.chunked()) {
            wire.append(model.body(), BODY, -1);
            return wire;
        }
        StringBuilder chunks = new StringBuilder();
        for (int at = 0; at < model.body().length(); ) {
            int size = Math.min(model.body().length() - at, 1 + random.nextInt(64));
            chunks.append(chunkSizeLine(size)).append(eol(bareLf));
            chunks.append(model.body(), at, at + size).append("\r\n");
            at += size;
        }
        chunks.append(chunkSizeLine(0)).append(eol(bareLf));
        wire.append(chunks.toString(), BODY, -1);
        Wire trailers = new Wire();
        appendFields(trailers, model.trailers(), bareLf);
        wire.append(trailers.bytes.toString(), BODY, -1);
        wire.append(eol(bareLf), BODY, -1);
        return wire;
    }

    private void appendFields(Wire wire, List<Field> fields, boolean bareLf) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            wire.append(f.name(), NAME, i);
            wire.append(":", COLON, i);
            wire.append(fuzz.ows(), OWS, i);
            wire.append(f.value(), VALUE, i);
            wire.append(fuzz.ows(), OWS, i);
            appendEol(wire, bareLf, CR, LF, i);
        }
    }

    private void appendEol(Wire wire, boolean bareLf, char crPart, char lfPart, int field) {
        if (eol(bareLf).length() == 2) {
            wire.append("\r", crPart, field);
        }
        wire.append("\n", lfPart, field);
    }

    private String chunkSizeLine(int size) {
        String hex = Integer.toHexString(size);
        hex = random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex;
        hex = "0".repeat(random.nextInt(17 - hex.length())) + hex;
        return switch (random.nextInt(4)) {
            case 0 -> hex + ";ext=" + fuzz.token(1 + random.nextInt(6));
            case 1 -> hex + " \t; name=\"quoted value\";flag";
            default -> hex;
        };
    }

    private static boolean changesFraming(Model model, Model predicted, int field) {
        String name = model.headers().get(field).name();
        return !model.headers().get(field).equals(predicted.headers().get(field))
            && (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
                || name.equalsIgnoreCase("transfer-encoding"));
    }

    /** The model after {@code ctl} (HTAB) replaced the byte at {@code pos}, which lies in a field's OWS or value. */
    private static Model withMutatedField(Model model, Wire wire, int pos, char ctl) {
        int field = wire.fields.get(pos);
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < wire.bytes.length(); i++) {
            char part = wire.parts.charAt(i);
            if (wire.fields.get(i) == field && (part == OWS || part == VALUE || part == CR)) {
                raw.append(i == pos ? ctl : wire.bytes.charAt(i));
            }
        }
        String value = HttpFuzzing.trimOws(raw.toString().replace("\r", ""));
        List<Field> headers = new ArrayList<>(model.headers());
        headers.set(field, new Field(headers.get(field).name(), value));
        return new Model(model.method(), model.uri(), model.version(), headers, model.body(), model.chunked(),
            model.trailers());
    }

    /** (Head Content* End)* (Head Content*)? RequestRejected?, and nothing in a head outside its grammar. */
    private static void assertWellFormed(List<Object> events, String what) {
        boolean inRequest = false;
        for (int i = 0; i < events.size(); i++) {
            Object e = events.get(i);
            switch (e) {
                case Head h -> {
                    assertThat(inRequest).as(what).isFalse();
                    assertThat(h.method()).as(what).matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
                    assertThat(h.uri()).as(what).matches("[\\x21-\\x7e]+");
                    for (String line : h.headers()) {
                        assertThat(line).as(what)
                            .matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+: [\\t\\x20-\\x7e\\x80-\\xff]*");
                    }
                    inRequest = true;
                }
                case Content _ -> assertThat(inRequest).as(what).isTrue();
                case End _ -> {
                    assertThat(inRequest).as(what).isTrue();
                    inRequest = false;
                }
                case RequestRejected _ -> assertThat(i).as(what).isEqualTo(events.size() - 1);
                default -> throw new AssertionError(what + ": " + e);
            }
        }
    }

    private int headPosition(Wire wire) {
        while (true) {
            int pos = random.nextInt(wire.bytes.length());
            if (wire.parts.charAt(pos) != BODY) {
                return pos;
            }
        }
    }

    /** HTAB a quarter of the time, else any CTL (0x00-0x1F, 0x7F); never the original byte. */
    private char controlOtherThan(char original) {
        if (original != '\t' && random.nextInt(4) == 0) {
            return '\t';
        }
        while (true) {
            int c = random.nextInt(33);
            char ctl = c == 32 ? (char) 0x7F : (char) c;
            if (ctl != original) {
                return ctl;
            }
        }
    }

    private String target(String method) {
        if (method.equals("OPTIONS") && random.nextInt(4) == 0) {
            return "*";
        }
        StringBuilder path = new StringBuilder("/");
        for (int i = random.nextInt(40); i > 0; i--) {
            path.append(PATH_CHARS.charAt(random.nextInt(PATH_CHARS.length())));
        }
        if (random.nextInt(7) == 0) {
            return (random.nextBoolean() ? "http://" : "https://") + host() + path;
        }
        return path.toString();
    }

    private String host() {
        if (random.nextInt(10) == 0) {
            return "[::1]:" + random.nextInt(65536);
        }
        StringBuilder host = new StringBuilder();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            host.append(HOST_CHARS.charAt(random.nextInt(HOST_CHARS.length())));
        }
        return random.nextBoolean() ? host + ":" + random.nextInt(65536) : host.toString();
    }

    private String fieldName() {
        while (true) {
            String name = fuzz.token(1 + random.nextInt(20));
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")
                && !name.equalsIgnoreCase("transfer-encoding")) {
                return name;
            }
        }
    }

    private String eol(boolean bareLf) {
        return bareLf && random.nextInt(5) == 0 ? "\n" : "\r\n";
    }
}
