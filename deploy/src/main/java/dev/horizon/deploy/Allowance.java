package dev.horizon.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of instances written as a count ({@code 2}) or as a percentage of the desired count ({@code 25%}): the
 * Kubernetes {@code IntOrString} of a Deployment's {@code maxSurge} and {@code maxUnavailable}.
 *
 * @param value   the count (0..10000), or the percentage (0..100)
 * @param percent whether {@code value} is a percentage
 */
public record Allowance(int value, boolean percent) {

    /** The largest count. */
    public static final int MAX_COUNT = 10_000;

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(%?)");

    /** Validates. */
    public Allowance {
        int most = percent ? 100 : MAX_COUNT;
        if (value < 0 || value > most) {
            throw new IllegalArgumentException(value + (percent ? "%" : "") + " (expected: a count 0.." + MAX_COUNT
                + " or a percentage 0%..100%)");
        }
    }

    /** A fixed count. */
    public static Allowance count(int value) {
        return new Allowance(value, false);
    }

    /** A percentage of the desired count. */
    public static Allowance percentOf(int value) {
        return new Allowance(value, true);
    }

    /**
     * {@code 2} or {@code 25%}.
     *
     * @throws IllegalArgumentException {@code 'x' (expected: a count like 1, or a percentage of the desired count like
     *                                  25%)}, or the range
     */
    public static Allowance parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' (expected: a count like 1, or a percentage of the "
                + "desired count like 25%)");
        }
        return new Allowance(Integer.parseInt(m.group(1)), !m.group(2).isEmpty());
    }

    /**
     * The count for {@code desired} instances: the count itself, or the percentage of {@code desired} rounded up or
     * down (Kubernetes' {@code GetScaledValueFromIntOrPercent}).
     */
    public int of(int desired, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long scaled = (long) Math.max(0, desired) * value;
        return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    /** Whether this is no instance at all, as a count or as a percentage. */
    public boolean isZero() {
        return value == 0;
    }

    /** {@code 2} or {@code 25%}, as {@code horizon.yaml} writes it. */
    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
