package dev.horizon.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How {@code horizon plan} prints a computed number (six significant digits, plain, no trailing 0s) and reads a share.
 */
final class PlanNumbers {

    private static final MathContext SIX = new MathContext(6);

    private PlanNumbers() {
    }

    /** {@code 0.0267159}, {@code 0.000769095}, {@code 12341.7}, {@code 35}, {@code 0}. */
    static String significant(double value) {
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(SIX).stripTrailingZeros().toPlainString();
    }

    /**
     * A share written as a percentage ({@code 1%}, {@code 0.5%}) or a fraction ({@code 0.01}), as 0..1 (exclusive).
     *
     * @throws IllegalArgumentException naming {@code option} for anything else
     */
    static double share(String option, String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        double v;
        try {
            v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).strip() : t);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        double share = percent ? v / 100 : v;
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException(option + ": '" + text + "' (expected: a share such as 1% or 0.01, "
                + "at least 0 and below 100%)");
        }
        return share;
    }
}
