package dev.horizon.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/** One JSON object per line on standard output: time, level, instance, message and any extra fields. */
final class JsonLog {

    private final String instance;
    private final PrintStream out;

    JsonLog(String instance, PrintStream out) {
        this.instance = instance;
        this.out = out;
    }

    void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        StringBuilder b = new StringBuilder(160).append("{\"time\":\"").append(Instant.now()).append("\",\"level\":\"")
            .append(level).append("\",\"instance\":");
        quote(b, instance).append(",\"msg\":");
        quote(b, message);
        fields.forEach((k, v) -> {
            b.append(',');
            quote(b, k).append(':');
            if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                quote(b, String.valueOf(v));
            }
        });
        out.println(b.append('}'));
    }

    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
