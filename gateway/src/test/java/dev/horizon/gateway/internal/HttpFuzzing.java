package dev.horizon.gateway.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random pieces of HTTP/1.1 for the decoders' fuzz tests, all drawn from the test's one seeded {@link Random}, so a
 * failure replays exactly: tokens, field values, OWS, body bytes, and the random read boundaries an input is fed in.
 */
final class HttpFuzzing {

    static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Random random;

    HttpFuzzing(Random random) {
        this.random = random;
    }

    /** A token of {@code length} tchars. */
    String token(int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(TCHARS.charAt(random.nextInt(TCHARS.length())));
        }
        return token.toString();
    }

    /** SP, HTAB, VCHAR and obs-text, without leading or trailing whitespace (the decoders trim it). */
    String fieldValue() {
        StringBuilder value = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            int kind = random.nextInt(20);
            value.append(kind == 0 ? ' ' : kind == 1 ? '\t' : kind == 2 ? (char) (0x80 + random.nextInt(128))
                : (char) (0x21 + random.nextInt(0x7F - 0x21)));
        }
        return trimOws(value.toString());
    }

    /** Zero to two SP or HTAB. */
    String ows() {
        StringBuilder ows = new StringBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
            ows.append(random.nextBoolean() ? ' ' : '\t');
        }
        return ows.toString();
    }

    /** {@code length} bytes of any value, one char each. */
    String bytes(int length) {
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < length; i++) {
            bytes.append((char) random.nextInt(256));
        }
        return bytes.toString();
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** The input cut into pieces of at most 1, 7, 64 bytes or the whole, a random choice per input. */
    String[] split(String input) {
        int maxPiece = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 7;
            case 2 -> 64;
            default -> input.length();
        };
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < input.length(); ) {
            int n = Math.min(input.length() - at, 1 + random.nextInt(maxPiece));
            pieces.add(input.substring(at, at + n));
            at += n;
        }
        return pieces.toArray(String[]::new);
    }

    /** {@code s} without leading and trailing SP and HTAB. */
    static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** The first 3000 bytes of {@code s}, control bytes and obs-text escaped, for an assertion message. */
    static String printable(CharSequence s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 3000; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : "\\x%02x".formatted((int) c));
        }
        return out.toString();
    }
}
