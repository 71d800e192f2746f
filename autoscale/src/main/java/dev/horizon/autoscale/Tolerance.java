package dev.horizon.autoscale;

/**
 * How far the usage ratio may stray from 1 before target tracking acts: the count stays while
 * {@code 1 - scaleDown <= ratio <= 1 + scaleUp} (the HPA's {@code --horizontal-pod-autoscaler-tolerance}, per
 * direction as in its configurable-tolerance extension).
 *
 * @param scaleUp   how far above 1 the ratio may go without scaling up, 0..1
 * @param scaleDown how far below 1 the ratio may go without scaling down, 0..1
 */
public record Tolerance(double scaleUp, double scaleDown) {

    /** The HPA's default: 10 % either way. */
    public static final Tolerance DEFAULT = new Tolerance(0.1, 0.1);

    /** Validates both bounds. */
    public Tolerance {
        check("tolerance.scale-up", scaleUp);
        check("tolerance.scale-down", scaleDown);
    }

    /** The same tolerance in both directions. */
    public static Tolerance of(double both) {
        check("tolerance", both);
        return new Tolerance(both, both);
    }

    /** Whether {@code ratio} is close enough to 1 to leave the count alone. */
    public boolean isWithin(double ratio) {
        return 1.0 - scaleDown <= ratio && ratio <= 1.0 + scaleUp;
    }

    private static void check(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: 0..1)");
        }
    }
}
