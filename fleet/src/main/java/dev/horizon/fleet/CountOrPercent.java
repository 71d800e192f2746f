package dev.horizon.fleet;

/**
 * A number of instances given as a count ({@code 2}) or as a percentage of the desired count ({@code 25%}), like
 * Kubernetes' {@code IntOrString} for {@code maxUnavailable}.
 *
 * @param value   the count, or the percentage (1..100)
 * @param percent whether {@code value} is a percentage
 */
public record CountOrPercent(int value, boolean percent) {

    /** Validates: a count of 1..{@value FleetSpec#MAX_INSTANCES}, a percentage of 1..100. */
    public CountOrPercent {
        int most = percent ? 100 : FleetSpec.MAX_INSTANCES;
        if (value < 1 || value > most) {
            throw new IllegalArgumentException("max-unhealthy-replacements: " + value + (percent ? "%" : "")
                + " (expected: a count 1.." + FleetSpec.MAX_INSTANCES + " or a percentage 1%..100%)");
        }
    }

    /** A fixed count. */
    public static CountOrPercent count(int value) {
        return new CountOrPercent(value, false);
    }

    /** A percentage of the desired count. */
    public static CountOrPercent percentOf(int value) {
        return new CountOrPercent(value, true);
    }

    /**
     * The count for {@code total} instances: the count itself, or the percentage of {@code total} rounded up and at
     * least 1.
     *
     * <p>Implementation notes: Kubernetes rounds a Deployment's {@code maxUnavailable} percentage down and relies on
     * {@code maxSurge} (rounded up) to make progress; a PodDisruptionBudget's {@code maxUnavailable} percentage is
     * rounded up. A failing instance is already out of service and there is no surge to lean on, so this rounds up,
     * and never below 1: 25% of 2 instances is 1, not 0, and a service of two can still replace one.
     */
    public int of(int total) {
        if (!percent) {
            return value;
        }
        return Math.max(1, (int) ((Math.max(0, total) * (long) value + 99) / 100));
    }

    /** {@code 2} or {@code 25%}, as {@code horizon.yaml} spells it. */
    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
