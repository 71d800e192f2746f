package dev.horizon.autoscale;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Numbers as decisions print them: {@code 20}, {@code 0.25}, {@code 41.0} for averages, ratios to two places. */
final class Plain {

    private Plain() {
    }

    /** At most three decimals, no trailing zeros: {@code 20}, {@code 0.125}. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        return BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** An average: at least one decimal, at most three ({@code 41.0}, {@code 31.667}). */
    static String average(double d) {
        String n = number(d);
        return n.indexOf('.') < 0 && !Double.isNaN(d) && !Double.isInfinite(d) ? n + ".0" : n;
    }

    /** A ratio to two decimals. */
    static String ratio(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
