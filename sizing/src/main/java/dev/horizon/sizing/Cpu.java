package dev.horizon.sizing;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of CPU in millicores (thousandths of a core), written as Kubernetes writes a CPU quantity: {@code 500m},
 * or in cores {@code 1}, {@code 1.5}, {@code 0.25}.
 *
 * <p>Implementation notes. The least amount is {@code 10m}: the kernel refuses a CFS quota under 1 ms of a 100 ms
 * period, so the kubelet's smallest CPU limit is 10m too ({@code pkg/kubelet/cm/helpers_linux.go},
 * {@code MinQuotaPeriod}). A finer value than a millicore is refused, not rounded, as the API server refuses it.
 *
 * @param millicores the amount, at least {@value #MIN_MILLICORES}
 */
public record Cpu(long millicores) implements Comparable<Cpu> {

    /** The least CPU an instance may have: a 1 ms quota per 100 ms period. */
    public static final long MIN_MILLICORES = 10;

    /** The most: 1024 cores, more than any machine Horizon runs on. */
    public static final long MAX_MILLICORES = 1024 * 1000;

    static final String EXPECTED = "(expected: CPU like 250m, 500m, 1, 1.5 — millicores with m, or cores)";

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+)m|([0-9]+(?:\\.[0-9]+)?)");

    /** Validates the amount. */
    public Cpu {
        if (millicores < MIN_MILLICORES || millicores > MAX_MILLICORES) {
            throw new IllegalArgumentException(millicores + "m (expected: " + MIN_MILLICORES + "m.."
                + MAX_MILLICORES / 1000 + " cores)");
        }
    }

    /** {@code millicores} of CPU. */
    public static Cpu millicores(long millicores) {
        return new Cpu(millicores);
    }

    /**
     * The amount {@code text} denotes.
     *
     * @throws IllegalArgumentException with the parenthesised expectation, e.g. {@code (expected: CPU like …)}
     */
    public static Cpu parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        BigDecimal milli = m.group(1) != null ? new BigDecimal(m.group(1))
            : new BigDecimal(m.group(2)).movePointRight(3);
        try {
            return new Cpu(milli.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("(expected: a whole number of millicores, at most "
                + MAX_MILLICORES / 1000 + " cores)", e);
        }
    }

    /** The amount in cores, e.g. {@code 1.5}. */
    public double cores() {
        return millicores / 1000.0;
    }

    /** {@code factor} times this amount, rounded up to a millicore and kept within the valid range. */
    public Cpu times(double factor) {
        double m = Math.ceil(millicores * factor - 1e-9);
        return new Cpu(Math.clamp((long) m, MIN_MILLICORES, MAX_MILLICORES));
    }

    @Override
    public int compareTo(Cpu other) {
        return Long.compare(millicores, other.millicores);
    }

    /** As the file writes it: {@code 500m}, {@code 1500m}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return millicores + "m";
    }
}
