package dev.horizon.config;

import org.jspecify.annotations.Nullable;

/**
 * A configuration file that cannot be used. The message is the whole diagnosis, fit to print as the one line a user
 * sees: {@code FILE:LINE: message} (for example
 * {@code horizon.yaml:12: unknown key 'helth' under services.shop (did you mean 'health'?)}), or {@code FILE: message}
 * when no line applies (the file cannot be read).
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line the message names, or {@link Integer#MAX_VALUE} when it names none. */
    private final int line;

    ConfigException(String message) {
        super(oneLine(message));
        this.line = Integer.MAX_VALUE;
    }

    ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
        this.line = Integer.MAX_VALUE;
    }

    private ConfigException(int line, String message, @Nullable Throwable cause) {
        super(oneLine(message), cause);
        this.line = line;
    }

    /** An error at {@code line} (1-based) of {@code file}. */
    static ConfigException at(String file, int line, String message) {
        return new ConfigException(line, file + ":" + line + ": " + message, null);
    }

    /** An error at {@code line} (1-based) of {@code file}, found through {@code cause}. */
    static ConfigException at(String file, int line, String message, Throwable cause) {
        return new ConfigException(line, file + ":" + line + ": " + message, cause);
    }

    /** The line the message names, for reporting the first of two errors; {@link Integer#MAX_VALUE} for none. */
    int line() {
        return line;
    }

    /** {@code message} with control characters (from values that span lines) escaped, so it stays one line. */
    private static String oneLine(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
