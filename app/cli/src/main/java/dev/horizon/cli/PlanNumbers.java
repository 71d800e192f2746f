package dev.horizon.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/** How {@code horizon plan} prints a computed number: six significant digits, plain (no exponent), no trailing 0s. */
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
}
