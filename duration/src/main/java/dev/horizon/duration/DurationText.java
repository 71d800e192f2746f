package dev.horizon.duration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as {@code horizon.yaml} writes them: a non-negative decimal number and a unit, {@code ms}, {@code s},
 * {@code m} or {@code h}, with nothing between ({@code 250ms}, {@code 1.5s}, {@code 5m}, {@code 0s}). A bare number
 * is refused: {@code timeout: 30} is as likely meant in seconds as in milliseconds.
 *
 * <p>Every message that shows a duration shows it through this class: {@link #format} for a configured value (exact,
 * and it reads back as the same duration), {@link #rounded} for a measured one (short). Never through
 * {@link Duration#toString()}, whose ISO-8601 {@code PT1M30S} is a format for machines; the {@code architecture}
 * module's {@code DurationTextRuleTest} finds a duration concatenated into a string anywhere in Horizon's code.
 */
public final class DurationText {

    /** What every refusal says was expected. */
    static final String EXPECTED = "(expected: a duration like 250ms, 2s, 5m, 1h)";

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final long MINUTE = 60 * SECOND;
    private static final BigDecimal[] UNIT_SECONDS = {BigDecimal.ONE, new BigDecimal("0.001")};
    private static final String[] UNITS = {"s", "ms"};

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

    /**
     * {@code d} exactly, as the file would write it: in whole seconds when it is whole seconds ({@code 2s},
     * {@code 300s}, as the Kubernetes HPA counts its windows and periods), else in whole milliseconds ({@code 250ms},
     * {@code 1500ms}), else with a decimal fraction ({@code 1.0000005s} from one second up, {@code 0.5ms} below);
     * {@code 0s} for zero, a leading {@code -} when negative. For any duration {@link #parse} accepts,
     * {@code parse(format(d))} is {@code d}.
     */
    public static String format(Duration d) {
        BigDecimal seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        String sign = seconds.signum() < 0 ? "-" : "";
        BigDecimal magnitude = seconds.abs();
        if (magnitude.signum() == 0) {
            return "0s";
        }
        for (int u = 0; u < UNITS.length; u++) {
            BigDecimal[] division = magnitude.divideAndRemainder(UNIT_SECONDS[u]);
            if (division[1].signum() == 0) {
                return sign + division[0].toBigInteger() + UNITS[u];
            }
        }
        return magnitude.compareTo(BigDecimal.ONE) >= 0 ? sign + plain(magnitude) + "s"
            : sign + plain(magnitude.movePointRight(3)) + "ms";
    }

    /**
     * {@code d} short, for a measured duration: below a second in whole milliseconds, rounded up so that a wait that
     * has not ended never reads {@code 0ms}; below a minute in seconds with at most one decimal ({@code 7.8s}); else
     * in minutes and whole seconds ({@code 4m30s}). {@code 0s} for zero, a leading {@code -} when negative; anything
     * beyond a year reads as {@link Long#MAX_VALUE} nanoseconds (about 292 years).
     */
    public static String rounded(Duration d) {
        if (d.isNegative()) {
            return "-" + rounded(d.negated());
        }
        long nanos = d.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < SECOND) {
            return -Math.floorDiv(-nanos, MS) + "ms";
        }
        if (nanos < MINUTE) {
            long tenths = (nanos + SECOND / 20) / (SECOND / 10);
            return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
        }
        long minutes = nanos / MINUTE;
        long seconds = nanos % MINUTE / SECOND;
        return seconds == 0 ? minutes + "m" : minutes + "m" + seconds + "s";
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
