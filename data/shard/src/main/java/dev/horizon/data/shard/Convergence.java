package dev.horizon.data.shard;

/**
 * The rule that ends resharding's catch-up — <b>"small or stalled backlog"</b>: catch-up goes round after round, each
 * round applying the changes captured on the old shards so far, and stops when, measured at the start of a round,
 * <ol>
 *   <li>the backlog of captured changes is at most {@code threshold} rows ({@link Verdict#CONVERGED}): what is left is
 *       small enough to apply under the switch's locks; or</li>
 *   <li>the backlog did not shrink for {@code stalledRounds} rounds in a row ({@link Verdict#STALLED}): writers
 *       capture changes as fast as catch-up applies them, and more rounds would not help; or</li>
 *   <li>{@code maxRounds} rounds have run ({@link Verdict#EXHAUSTED}).</li>
 * </ol>
 * Catch-up always ends, after at most {@code maxRounds} rounds. The switch then applies what is left under its locks,
 * within the maximum pause, or aborts (so a stalled or exhausted catch-up costs an aborted switch, never a longer
 * pause). The default, {@code backlogBelow(100).stalledFor(3).maxRounds(50)}, keeps the limits the resharder always
 * used.
 *
 * <p>Implementation notes: the same shape as gh-ost's cut-over, which "only takes place when no lags are present",
 * "times out at pre-defined threshold, and is atomically aborted, then re-attempted" (gh-ost's documentation,
 * "questions").
 * The backlog is measured ({@code count(*)} of the capture log) rather than each round's applied rows, so catch-up
 * stops at once when nothing was written during the copy.
 *
 * @param threshold     the backlog, in captured rows, small enough to stop (0 or more)
 * @param stalledRounds how many rounds in a row without a smaller backlog stop catch-up (1 or more)
 * @param maxRounds     the most rounds (1 or more)
 */
public record Convergence(long threshold, int stalledRounds, int maxRounds) {

    /** What the rule says after a round. */
    public enum Verdict {
        /** Keep catching up. */
        CONTINUE,
        /** The backlog is at most the threshold. */
        CONVERGED,
        /** The backlog did not shrink for {@code stalledRounds} rounds. */
        STALLED,
        /** {@code maxRounds} rounds have run. */
        EXHAUSTED
    }

    /** Checks the limits. */
    public Convergence {
        if (threshold < 0 || stalledRounds < 1 || maxRounds < 1) {
            throw new IllegalArgumentException("convergence: threshold " + threshold + ", stalled rounds "
                + stalledRounds + ", max rounds " + maxRounds + " (expected: threshold ≥ 0, rounds ≥ 1)");
        }
    }

    /** The default rule: a backlog of at most 100 rows, 3 rounds without shrinking, 50 rounds at most. */
    public static Convergence defaults() {
        return new Convergence(100, 3, 50);
    }

    /** Stops when the backlog is at most {@code rows} (with this rule's other limits). */
    public static Convergence backlogBelow(long rows) {
        return new Convergence(rows, defaults().stalledRounds(), defaults().maxRounds());
    }

    /** This rule, stopping after {@code rounds} rounds in a row without a smaller backlog. */
    public Convergence stalledFor(int rounds) {
        return new Convergence(threshold, rounds, maxRounds);
    }

    /** This rule, stopping after {@code rounds} rounds in all. */
    public Convergence maxRounds(int rounds) {
        return new Convergence(threshold, stalledRounds, rounds);
    }

    /**
     * The verdict before a round.
     *
     * @param rounds  rounds run so far
     * @param backlog the captured changes waiting now
     * @param stalled rounds in a row, up to now, after which the backlog was not smaller than before them
     */
    public Verdict decide(int rounds, long backlog, int stalled) {
        if (backlog <= threshold) {
            return Verdict.CONVERGED;
        }
        if (stalled >= stalledRounds) {
            return Verdict.STALLED;
        }
        return rounds >= maxRounds ? Verdict.EXHAUSTED : Verdict.CONTINUE;
    }
}
