package dev.horizon.autoscale;

/**
 * What the {@link VerticalRecommender} advises for one instance of a service: a CPU and a memory estimate, each with
 * bounds, and how much history stands behind them.
 *
 * @param cpu        in millicores
 * @param memory     in bytes
 * @param confidence the VPA's confidence: {@code min(history length, samples / 1 per minute)} in confidence intervals;
 *                   0 with no history
 */
public record Recommendation(Estimate cpu, Estimate memory, double confidence) {

    /**
     * One resource's estimate. Following the VPA updater, a size inside {@code [lower, upper]} is good enough and
     * need not change; outside it, {@code target} is the size to move to.
     *
     * @param lower  the least advisable, P50 × 1.15 × (1 + 0.001 / confidence)^-2, at least the floor
     * @param target the advised size, max(floor, P90 × 1.15)
     * @param upper  the most advisable, P95 × 1.15 × (1 + 1 / confidence), infinite with no history
     */
    public record Estimate(double lower, double target, double upper) {
        /** Whether {@code amount} lies inside the bounds. */
        public boolean admits(double amount) {
            return amount >= lower && amount <= upper;
        }
    }
}
