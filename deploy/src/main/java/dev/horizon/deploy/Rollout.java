package dev.horizon.deploy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A rollout that shifts requests between two revisions under analysis: a {@link CanaryRun} or a
 * {@link BlueGreenRun}. The caller drives it with explicit times and carries out what it says: it applies
 * {@link #weightBasisPoints()} to the gateway after creating it, after {@link Action#SET_WEIGHT} or
 * {@link Action#PROMOTED}, and after any command; it judges an interval on {@link Action#ANALYZE}.
 */
public interface Rollout {

    /** The caller's next move at {@code now}: see {@link Action}. */
    Action tick(Instant now);

    /**
     * One analysis verdict at {@code now}, normally the answer to {@link Action#ANALYZE}. Ignored unless the rollout
     * is progressing (a verdict that arrives after a pause, an abort or a promotion changes nothing).
     *
     * @throws IllegalStateException when the rollout runs no analysis
     */
    void record(Verdict v, Instant now);

    /**
     * A person's promote: what it means depends on the strategy and the phase.
     *
     * @throws IllegalStateException when there is nothing to promote
     */
    void promote(Instant now);

    /**
     * A person's (or the caller's) abort: every request to the stable revision.
     *
     * @throws IllegalStateException when the rollout can no longer be aborted
     */
    void abort(String why);

    /** The new revision's share of the requests now, 0..10000 basis points. */
    int weightBasisPoints();

    /** Where the rollout stands. */
    Phase phase();

    /** Why it paused, aborted, was promoted or rolled back; empty while progressing. */
    String reason();

    /** The latest analysis verdict, or null before the first. */
    @Nullable Verdict lastVerdict();

    /** The failed verdicts so far. */
    int failures();
}
