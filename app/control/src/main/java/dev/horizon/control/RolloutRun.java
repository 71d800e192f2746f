package dev.horizon.control;

import java.time.Instant;

/**
 * One rollout under way, of one strategy: it drives the revisions' fleets and the gateway's split every tick of
 * {@link Rollouts}, and answers the commands. Touched only under the {@link Rollouts} lock.
 */
interface RolloutRun {

    /** Moves the rollout on at {@code now}: counts, weights, analysis, timers. */
    void tick(Instant now);

    /** The rollout now, as it is kept on disk and shown. */
    RolloutRecord record();

    /** {@code horizon rollout promote}: on to the next step (or all the way, {@code full}); the answer in words. */
    String promote(Instant now, boolean full);

    /** {@code horizon rollout abort}: traffic back to the stable revision at once, the new one drained. */
    String abort(String reason);

    /**
     * {@code horizon rollout undo} while this rollout is the latest: back to the stable revision (blue-green: within
     * its scale-down delay, an instant switch back).
     *
     * @throws IllegalStateException when there is nothing it can undo (the caller then deploys the previous revision)
     */
    String undo(Instant now);

    /**
     * Whether it has ended (promoted, aborted or rolled back, the losing revision on its way out): a new deploy may
     * begin, though the losing revision may still be draining.
     */
    boolean ended();

    /** Whether nothing is left to drive: it ended and the losing revision is retired. */
    boolean settled();
}
