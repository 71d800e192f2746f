package dev.horizon.sizing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in bytes, written as Kubernetes writes a memory quantity: binary suffixes {@code Ki Mi Gi Ti}
 * ({@code 512Mi}, {@code 1.5Gi}), decimal ones {@code k M G T} ({@code 500M}), or plain bytes.
 *
 * <p>Implementation notes. The least amount is 4 MiB, below which no JVM or ordinary program starts and the kernel's
 * own cgroup accounting dominates; Kubernetes has no floor but VPA recommends at least 250 MiB per pod.
 *
 * @param bytes the amount, at least {@value #MIN_BYTES}
 */
public record Memory(long bytes) implements Comparable<Memory> {

    /** The least memory an instance may have: 4 MiB. */
    public static final long MIN_BYTES = 4L << 20;

    static final String EXPECTED = "(expected: memory like 256Mi, 512Mi, 1Gi, 1.5Gi, 500M)";

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?");
    private static final String[] BINARY = {"Ti", "Gi", "Mi", "Ki"};
    private static final long KI = 1024;

    /** Validates the amount. */
    public Memory {
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException(bytes + " bytes (expected: at least 4Mi)");
        }
    }

    /** {@code n} mebibytes. */
    public static Memory mebibytes(long n) {
        return new Memory(n << 20);
    }

    /** {@code n} gibibytes. */
    public static Memory gibibytes(long n) {
        return new Memory(n << 30);
    }

    /**
     * The amount {@code text} denotes; a fraction of a byte is refused.
     *
     * @throws IllegalArgumentException with the parenthesised expectation, e.g. {@code (expected: memory like …)}
     */
    public static Memory parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String unit = m.group(2) == null ? "" : m.group(2);
        long multiplier = switch (unit) {
            case "Ki" -> KI;
            case "Mi" -> KI * KI;
            case "Gi" -> KI * KI * KI;
            case "Ti" -> KI * KI * KI * KI;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        try {
            return new Memory(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier)).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("(expected: a whole number of bytes, at most 8Ei)", e);
        }
    }

    /** The amount in mebibytes, rounded down. */
    public long mebibytes() {
        return bytes >> 20;
    }

    /** {@code factor} times this amount, rounded up to a mebibyte. */
    public Memory times(double factor) {
        double mib = Math.ceil(bytes * factor / (1 << 20) - 1e-9);
        return new Memory(Math.max(MIN_BYTES, (long) mib << 20));
    }

    @Override
    public int compareTo(Memory other) {
        return Long.compare(bytes, other.bytes);
    }

    /**
     * As the file writes it, in the largest binary unit that divides it ({@code 512Mi}, {@code 1Gi},
     * {@code 1536Mi}), else in bytes; {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        long unit = KI * KI * KI * KI;
        for (String suffix : BINARY) {
            if (bytes % unit == 0) {
                return bytes / unit + suffix;
            }
            unit /= KI;
        }
        return Long.toString(bytes);
    }

    /** Short and approximate, for a measured amount: {@code 312Mi}, {@code 1.2Gi}. */
    public static String rounded(long bytes) {
        if (bytes >= (1L << 30)) {
            return String.format(Locale.ROOT, "%.1fGi", bytes / (double) (1L << 30));
        }
        return Math.round(bytes / (double) (1L << 20)) + "Mi";
    }
}
