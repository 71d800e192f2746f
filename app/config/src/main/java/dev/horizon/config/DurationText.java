package dev.horizon.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as {@code horizon.yaml} writes them: a non-negative decimal number and a unit, {@code ms}, {@code s},
 * {@code m} or {@code h}, with nothing between ({@code 250ms}, {@code 1.5s}, {@code 5m}, {@code 0s}). A bare number
 * is refused: {@code timeout: 30} is as likely meant in seconds as in milliseconds.
 */
public final class DurationText {

    /** What every refusal says was expected. */
    static final String EXPECTED = "(expected: a duration like 250ms, 2s, 5m, 1h)";

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private DurationText() {
    }

    /**
     * The duration {@code text} denotes; at most {@link Long#MAX_VALUE} nanoseconds (about 292 years) and a whole
     * number of nanoseconds.
     *
     * @throws IllegalArgumentException with the parenthesised expectation, e.g. {@link #EXPECTED}
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        long unitNanos = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos));
        BigInteger whole;
        try {
            whole = nanos.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("(expected: a whole number of nanoseconds)", e);
        }
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("(expected: at most 2562047h)");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    /** {@code d} as the file would write it: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
