package dev.horizon.gateway;

/**
 * Retries of a service: {@code retries} in {@code horizon.yaml}. A failed attempt (connect failure, connection reset
 * before a response, or a 502/503/504 answer) of an idempotent request is retried on a different endpoint, at most
 * {@code attempts} more times, and only while the retry budget allows.
 *
 * @param attempts          retries after the first try; 0 disables retries
 * @param budgetPercent     retries in flight may add at most this share on top of the requests in flight (Envoy's
 *                          retry budget, default 20 %)
 * @param minConcurrent     retries always allowed in flight whatever the budget says (Envoy: 3)
 * @param nonIdempotent     whether POST, PATCH and other non-idempotent requests are retried too (default: no)
 */
public record RetryPolicy(int attempts, int budgetPercent, int minConcurrent, boolean nonIdempotent) {

    /** Two retries under Envoy's default budget (20 %, at least 3 concurrent), idempotent methods only. */
    public static final RetryPolicy DEFAULTS = new RetryPolicy(2, 20, 3, false);

    /** Validates the components. */
    public RetryPolicy {
        if (attempts < 0 || attempts > 10) {
            throw new IllegalArgumentException("retries.attempts: " + attempts + " (expected: 0..10)");
        }
        if (budgetPercent < 0 || budgetPercent > 100) {
            throw new IllegalArgumentException("retries.budget-percent: " + budgetPercent + " (expected: 0..100)");
        }
        if (minConcurrent < 0) {
            throw new IllegalArgumentException("retries.min-concurrent: " + minConcurrent + " (expected: >= 0)");
        }
    }
}
