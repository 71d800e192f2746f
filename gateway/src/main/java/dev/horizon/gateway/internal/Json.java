package dev.horizon.gateway.internal;

/** The little JSON the gateway writes itself: quoted strings. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        appendEscaped(out, s);
        return out.append('"').toString();
    }

    /** Appends {@code s} escaped for the inside of a JSON string. */
    static void appendEscaped(StringBuilder out, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                            .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
