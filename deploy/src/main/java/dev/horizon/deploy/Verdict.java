package dev.horizon.deploy;

/**
 * The outcome of one analysis run, with the numbers behind it.
 *
 * @param outcome pass, fail or inconclusive
 * @param reason  one line with the numbers, e.g. {@code p99 812ms > max-p99 500ms}
 */
public record Verdict(Outcome outcome, String reason) {

    /** What one analysis run concluded. */
    public enum Outcome {
        /** The canary is as good as the thresholds and the stable revision. */
        PASS,
        /** The canary is worse: a threshold is crossed, or it is surely and clearly slower. */
        FAIL,
        /** Too little data to say: never a failure; it extends the step, and too many in a row pause the rollout. */
        INCONCLUSIVE
    }

    /** A passing verdict. */
    public static Verdict pass(String reason) {
        return new Verdict(Outcome.PASS, reason);
    }

    /** A failing verdict. */
    public static Verdict fail(String reason) {
        return new Verdict(Outcome.FAIL, reason);
    }

    /** An inconclusive verdict. */
    public static Verdict inconclusive(String reason) {
        return new Verdict(Outcome.INCONCLUSIVE, reason);
    }
}
